import type { Db } from '@aiconnected/db';
import {
  decodePageCursor,
  encodePageCursor,
  PAGE_LIMIT,
  permissionDenied,
  toPage,
} from '@aiconnected/access';
import type {
  ResolutionDecision,
  ResolutionDecisionListQuery,
  ResolutionDecisionPage,
  WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import { CREDENTIALS_CAPABILITY, requireCredentialsManager } from './require-credentials-manager';

const LIST = 'credential-resolutions';

type DecisionRow = Omit<ResolutionDecision, 'created_at'> & {
  created_at: Date;
  /** `created_at` with microseconds, for the cursor. */
  position: string;
};

/**
 * `GET /credentials/resolutions` (PRD §23.5, §25.3): the recorded resolutions, newest first,
 * keyset on (created_at, id), filtered by provider, outcome, reason, the workspace resolved for
 * and a time range. Asked in an agency or the super workspace with
 * `credentials.inheritance.manage` there: super reads every decision, an agency those of its
 * tree; a business workspace is `PERMISSION_DENIED` (its admins read none). Read as the actor:
 * RLS (046) lets the same rows through.
 */
export async function listResolutionDecisions(
  db: Db,
  actor: WorkspaceContext,
  query: ResolutionDecisionListQuery,
): Promise<ResolutionDecisionPage> {
  const limit = query.limit ?? PAGE_LIMIT.default;
  const after =
    query.cursor === undefined ? null : decodePageCursor(LIST, query.cursor, ['timestamp', 'uuid']);
  return db.withWorkspace(actor, async (tx) => {
    const what = 'reading the credential resolution log';
    const { access } = await requireCredentialsManager(tx, actor, query.workspace_id, what);
    if (access.workspace.type === 'business') {
      throw permissionDenied(CREDENTIALS_CAPABILITY, `${what} (in an agency or the platform)`);
    }
    const agency = access.workspace.type === 'agency' ? access.workspace.id : null;
    const { rows } = await tx.query<DecisionRow>(
      `select d.id, d.workspace_id, d.agency_workspace_id, d.provider_key, d.outcome,
              d.resolved_scope, d.source_workspace_id, d.connection_id, d.reason, d.steps,
              d.caller, d.actor_user_id, d.module_key, d.correlation_id, d.created_at,
              to_char(d.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as position
         from public.credential_resolution_decisions d
        where ($1::uuid is null or d.agency_workspace_id = $1)
          and ($2::text is null or d.provider_key = $2)
          and ($3::text is null or d.outcome = $3)
          and ($4::text is null or d.reason = $4)
          and ($5::uuid is null or d.workspace_id = $5)
          and ($6::timestamptz is null or d.created_at >= $6)
          and ($7::timestamptz is null or d.created_at < $7)
          and ($8::timestamptz is null or (d.created_at, d.id) < ($8::timestamptz, $9::uuid))
        order by d.created_at desc, d.id desc
        limit $10`,
      [
        agency,
        query.provider_key ?? null,
        query.outcome ?? null,
        query.reason ?? null,
        query.subject_workspace_id ?? null,
        query.from ?? null,
        query.to ?? null,
        after?.[0] ?? null,
        after?.[1] ?? null,
        limit + 1,
      ],
    );
    return toPage(
      rows,
      limit,
      ({ position: _position, ...row }) => ({ ...row, created_at: row.created_at.toISOString() }),
      (row) => encodePageCursor(LIST, [row.position, row.id]),
    );
  });
}

import type { Db } from '@aiconnected/db';
import { decodePageCursor, encodePageCursor, PAGE_LIMIT, toPage } from '@aiconnected/access';
import type {
  CredentialLevel,
  CredentialPolicyHistory,
  CredentialPolicyHistoryQuery,
  WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import { requireCredentialsManager } from './require-credentials-manager';

const LIST = 'credential-policy-history';

interface HistoryRow {
  id: string;
  version: number;
  change: 'created' | 'updated' | 'deleted';
  resolution_order_json: CredentialLevel[];
  allow_parent_fallback: boolean;
  fallback_when_invalid: boolean;
  allowed_scopes: string[] | null;
  changed_by_user_id: string | null;
  changed_at: Date;
  /** `changed_at` with microseconds, for the cursor. */
  position: string;
}

/**
 * `GET /credentials/policies/history`: every version of the policy of (workspace, provider)
 * kept (PRD §12.5: 365 days; 046's trigger writes them, the service prunes), newest first,
 * keyset on (changed_at, version, id). `credentials.inheritance.manage` in the workspace; read
 * as the actor (RLS: visible workspaces).
 */
export async function listCredentialPolicyHistory(
  db: Db,
  actor: WorkspaceContext,
  query: CredentialPolicyHistoryQuery,
): Promise<CredentialPolicyHistory> {
  const limit = query.limit ?? PAGE_LIMIT.default;
  const after =
    query.cursor === undefined
      ? null
      : decodePageCursor(LIST, query.cursor, ['timestamp', 'integer', 'uuid']);
  return db.withWorkspace(actor, async (tx) => {
    await requireCredentialsManager(
      tx,
      actor,
      query.workspace_id,
      'reading a credential policy history',
    );
    const { rows } = await tx.query<HistoryRow>(
      `select h.id, h.version, h.change, h.resolution_order_json, h.allow_parent_fallback,
              h.fallback_when_invalid, h.allowed_scopes, h.changed_by_user_id, h.changed_at,
              to_char(h.changed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as position
         from public.credential_policy_history h
        where h.workspace_id = $1 and h.provider_key = $2
          and ($3::timestamptz is null
               or (h.changed_at, h.version, h.id) < ($3::timestamptz, $4::integer, $5::uuid))
        order by h.changed_at desc, h.version desc, h.id desc
        limit $6`,
      [
        query.workspace_id,
        query.provider_key,
        after?.[0] ?? null,
        after?.[1] ?? null,
        after?.[2] ?? null,
        limit + 1,
      ],
    );
    return toPage(
      rows,
      limit,
      (row) => ({
        version: row.version,
        change: row.change,
        resolution_order: row.resolution_order_json,
        allow_parent_fallback: row.allow_parent_fallback,
        fallback_when_invalid: row.fallback_when_invalid,
        allowed_scopes: row.allowed_scopes,
        changed_by_user_id: row.changed_by_user_id,
        changed_at: row.changed_at.toISOString(),
      }),
      (row) => encodePageCursor(LIST, [row.position, String(row.version), row.id]),
    );
  });
}

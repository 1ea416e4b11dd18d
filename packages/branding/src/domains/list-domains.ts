import type { Db } from '@aiconnected/db';
import type { DomainList, WorkspaceContext } from '@aiconnected/sdk-contracts';
import {
  decodePageCursor,
  encodePageCursor,
  loadActorView,
  PAGE_LIMIT,
  requireWorkspaceCapability,
  toPage,
} from '@aiconnected/access';
import { DOMAIN_COLUMNS, toDomainRecord, type DomainRow } from './domain-record';

export interface ListDomainsInput {
  actor: WorkspaceContext;
  workspaceId: string;
  /** `PLATFORM_CUSTOM_DOMAIN_ROOT`: the workspace's platform host is `<slug>.<root>`. */
  platformRoot: string;
  /** `PLATFORM_PUBLIC_BASE_URL`: its scheme and port make `platform_url`. */
  baseUrl: string;
  /** `DOMAIN_CLAIM_TTL_DAYS` (each record's `claim_expires_at`). */
  claimTtlDays: number;
  /** `next_cursor` of the previous page (`VALIDATION_BLOCKING` when not one we issued). */
  cursor?: string;
  limit?: number;
}

/**
 * A page of a workspace's custom domains (`GET /domains?workspace_id=`), oldest first,
 * keyset-paginated on (created_at, id), with the workspace's platform host and its URL. Needs
 * `domains.manage` there (`WORKSPACE_FORBIDDEN` outside the actor's scope, else
 * `PERMISSION_DENIED`); read as the actor, so RLS filters the rows too.
 */
export async function listDomains(db: Db, input: ListDomainsInput): Promise<DomainList> {
  const { actor, workspaceId, limit = PAGE_LIMIT.default } = input;
  const after =
    input.cursor === undefined
      ? null
      : decodePageCursor('domains', input.cursor, ['timestamp', 'uuid']);
  return db.withWorkspace(actor, async (tx) => {
    const view = await loadActorView(tx, actor);
    await requireWorkspaceCapability(view, workspaceId, 'domains.manage', 'listing domains');
    const { rows } = await tx.query<DomainRow & { position: string }>(
      `select ${DOMAIN_COLUMNS},
              to_char(d.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as position
         from public.workspace_domains d
        where d.workspace_id = $1
          and ($2::timestamptz is null or (d.created_at, d.id) > ($2::timestamptz, $3::uuid))
        order by d.created_at, d.id
        limit $4`,
      [workspaceId, after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    const toRecord = (row: DomainRow) => toDomainRecord(row, input.claimTtlDays);
    const page = toPage(rows, limit, toRecord, (row) =>
      encodePageCursor('domains', [row.position, row.id]),
    );
    const slugs = await tx.query<{ slug: string | null }>(
      'select slug from public.workspaces where id = $1',
      [workspaceId],
    );
    const slug = slugs.rows[0]?.slug;
    const host = slug ? `${slug}.${input.platformRoot.toLowerCase()}` : null;
    return { ...page, platform_host: host, platform_url: host && platformUrl(host, input.baseUrl) };
  });
}

/** `host` on the scheme and port of `baseUrl` (no port when it is the scheme's default). */
function platformUrl(host: string, baseUrl: string): string {
  const url = new URL(baseUrl);
  url.hostname = host;
  return url.origin;
}

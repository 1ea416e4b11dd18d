import type { Db } from '@aiconnected/db';
import type { WorkspaceType } from '@aiconnected/permissions';
import type { Page, Workspace, WorkspaceContext } from '@aiconnected/sdk-contracts';
import {
  decodePageCursor,
  encodePageCursor,
  PAGE_LIMIT,
  toPage,
  readPlatformScope,
  loadActorView,
} from '@aiconnected/access';
import { requireWorkspaceInScope } from './find-visible-workspace';
import { toWorkspaceRecord, WORKSPACE_COLUMNS, type WorkspaceRow } from './workspace-record';

export interface ListWorkspacesInput {
  actor: WorkspaceContext;
  /** Only the children of this workspace; `WORKSPACE_FORBIDDEN` when it is not visible. */
  parentWorkspaceId?: string;
  type?: WorkspaceType;
  /** `next_cursor` of the previous page (`VALIDATION_BLOCKING` when not one we issued). */
  cursor?: string;
  /** Page size (default `PAGE_LIMIT.default`). */
  limit?: number;
}

/** The sort key: type rank (super, agency, business), lower(name), id (migration 023's indexes). */
const ORDER_KEY =
  "array_position(array['super', 'agency', 'business'], w.type), lower(w.name), w.id";
/**
 * Outside platform scope, the workspaces visible from the active one and their children at
 * most (RLS narrows them to the policy's rows), so the plan starts from the primary key and
 * parent indexes; in platform scope every workspace is visible and the order index supplies
 * the page directly.
 */
const SCOPE_FILTER = `and (w.id = any((select shell.visible_workspace_ids())::uuid[])
                           or w.parent_workspace_id = any((select shell.visible_workspace_ids())::uuid[]))`;

type Row = WorkspaceRow & { type_rank: number; name_key: string };

/**
 * A page of the workspaces the actor may see (`GET /workspaces`), as RLS decides: super acting
 * in the super workspace every workspace, an agency admin/manager its agency and its
 * businesses, everyone else the active workspace. Ordered super, agencies, businesses, then by
 * name (case-insensitive) and id, keyset-paginated on that order.
 */
export async function listWorkspaces(db: Db, input: ListWorkspacesInput): Promise<Page<Workspace>> {
  const limit = input.limit ?? PAGE_LIMIT.default;
  const after =
    input.cursor === undefined
      ? null
      : decodePageCursor('workspaces', input.cursor, ['integer', 'text', 'uuid']);
  return db.withWorkspace(input.actor, async (tx) => {
    if (input.parentWorkspaceId !== undefined) {
      const view = await loadActorView(tx, input.actor);
      await requireWorkspaceInScope(tx, view, input.parentWorkspaceId);
    }
    const platform = await readPlatformScope(tx);
    const { rows } = await tx.query<Row>(
      `select ${WORKSPACE_COLUMNS},
              array_position(array['super', 'agency', 'business'], w.type) as type_rank,
              lower(w.name) as name_key
         from public.workspaces w
        where ($1::uuid is null or w.parent_workspace_id = $1)
          and ($2::text is null or w.type = $2)
          and ($3::int is null or (${ORDER_KEY}) > ($3::int, $4::text, $5::uuid))
          ${platform ? '' : SCOPE_FILTER}
        order by ${ORDER_KEY}
        limit $6`,
      [
        input.parentWorkspaceId ?? null,
        input.type ?? null,
        after?.[0] ?? null,
        after?.[1] ?? null,
        after?.[2] ?? null,
        limit + 1,
      ],
    );
    return toPage(rows, limit, toWorkspaceRecord, (row) =>
      encodePageCursor('workspaces', [String(row.type_rank), row.name_key, row.id]),
    );
  });
}

import type { Workspace, WorkspaceStatus, WorkspaceType } from '@aiconnected/sdk-contracts';

/** The tree rule of migration 002: the type a workspace's children have, if any. */
export const CHILD_TYPE = {
  super: 'agency',
  agency: 'business',
  business: null,
} as const satisfies Record<WorkspaceType, WorkspaceType | null>;

/** The columns every workspace query selects, in `WorkspaceRow` shape. */
export const WORKSPACE_COLUMNS =
  'w.id, w.type, w.parent_workspace_id, w.name, w.slug, w.status, w.created_at, w.updated_at';

/** A `workspaces` row as pg returns `WORKSPACE_COLUMNS`. */
export interface WorkspaceRow {
  id: string;
  type: WorkspaceType;
  parent_workspace_id: string | null;
  name: string;
  slug: string | null;
  status: WorkspaceStatus;
  created_at: Date;
  updated_at: Date;
}

/** The API shape of a row (timestamps as RFC 3339 strings). */
export function toWorkspaceRecord(row: WorkspaceRow): Workspace {
  return {
    id: row.id,
    type: row.type,
    parent_workspace_id: row.parent_workspace_id,
    name: row.name,
    slug: row.slug,
    status: row.status,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

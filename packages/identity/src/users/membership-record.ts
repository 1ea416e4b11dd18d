import type { Membership } from '@aiconnected/sdk-contracts';

/** A `workspace_memberships` row as pg returns `MEMBERSHIP_COLUMNS`. */
export interface MembershipRow {
  id: string;
  workspace_id: string;
  user_id: string;
  role_template: string;
  active: boolean;
  invited_by_user_id: string | null;
  created_at: Date;
  updated_at: Date;
}

/** The columns every membership query selects, in `MembershipRow` shape. */
export const MEMBERSHIP_COLUMNS =
  'm.id, m.workspace_id, m.user_id, m.role_template, m.active, m.invited_by_user_id, m.created_at, m.updated_at';

/** The API shape of a membership row (timestamps as RFC 3339 strings). */
export function toMembershipRecord(row: MembershipRow): Membership {
  return {
    id: row.id,
    workspace_id: row.workspace_id,
    user_id: row.user_id,
    role_template: row.role_template,
    active: row.active,
    invited_by_user_id: row.invited_by_user_id,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

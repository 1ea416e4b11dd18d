import type { Tx } from '@aiconnected/db';
import {
  CHILD_GOVERNING_ROLES,
  isCapability,
  isRoleTemplate,
  isWorkspaceType,
  type CapabilityOverride,
  type GoverningMembership,
  type GoverningRelation,
  type WorkspaceType,
} from '@aiconnected/permissions';

export interface LoadGoverningMembershipsInput {
  userId: string;
  workspaceId: string;
}

/** A workspace and the memberships of one user that govern it. */
export interface GoverningMemberships {
  workspace: {
    id: string;
    name: string;
    type: WorkspaceType;
    parentWorkspaceId: string | null;
    status: string;
  };
  /** Empty when the user does not govern the workspace (or is not active). */
  memberships: GoverningMembership[];
}

interface Row {
  id: string;
  name: string;
  type: string;
  parent_workspace_id: string | null;
  status: string;
  memberships: {
    workspace_id: string;
    workspace_type: string;
    role_template: string;
    relation: GoverningRelation;
    overrides: { capability: string; allow: boolean }[];
  }[];
}

// One round trip on the hot path of every request: the workspace row, and the governing
// memberships with their overrides aggregated as JSON. The membership rule is the one of
// shell.visible_workspace_ids / workspaces_with_permission (migration 017): an active user;
// active memberships whose own workspace is active; in W itself, in W's parent agency with a
// child-governing role (W a business), or in the super workspace.
const SQL = `
with target as (
  select w.id, w.name, w.type, w.parent_workspace_id, w.status
    from public.workspaces w
   where w.id = $2
),
governing as (
  select m.id, m.workspace_id, mw.type as workspace_type, m.role_template,
         case when m.workspace_id = t.id then 'member'
              when mw.type = 'super' then 'super'
              else 'parent_agency' end as relation
    from target t
    join public.users u on u.id = $1 and u.status = 'active'
    join public.workspace_memberships m on m.user_id = u.id and m.active
    join public.workspaces mw on mw.id = m.workspace_id and mw.status = 'active'
   where m.workspace_id = t.id
      or (t.type = 'business' and m.workspace_id = t.parent_workspace_id
          and m.role_template = any ($3::text[]))
      or mw.type = 'super'
)
select t.id, t.name, t.type, t.parent_workspace_id, t.status,
       coalesce((
         select json_agg(json_build_object(
                  'workspace_id', g.workspace_id,
                  'workspace_type', g.workspace_type,
                  'role_template', g.role_template,
                  'relation', g.relation,
                  'overrides', coalesce((
                    select json_agg(json_build_object('capability', p.code, 'allow', mp.allow))
                      from public.membership_permissions mp
                      join public.permissions p on p.id = mp.permission_id
                     where mp.membership_id = g.id), '[]'::json)))
           from governing g), '[]'::json) as memberships
  from target t`;

/**
 * The workspace `workspaceId` and the memberships through which `userId` governs it, in one
 * query; null when the workspace does not exist. Needs a transaction that reads past RLS
 * (withService): a suspended or invited user, an inactive membership, and a membership of a
 * suspended or archived workspace govern nothing, exactly as in migration 017.
 */
export async function loadGoverningMemberships(
  tx: Tx,
  { userId, workspaceId }: LoadGoverningMembershipsInput,
): Promise<GoverningMemberships | null> {
  const { rows } = await tx.query<Row>(SQL, [userId, workspaceId, CHILD_GOVERNING_ROLES]);
  const row = rows[0];
  if (row === undefined || !isWorkspaceType(row.type)) return null;
  return {
    workspace: {
      id: row.id,
      name: row.name,
      type: row.type,
      parentWorkspaceId: row.parent_workspace_id,
      status: row.status,
    },
    memberships: row.memberships.flatMap((membership) => {
      const { role_template: roleTemplate, workspace_type: workspaceType } = membership;
      // Role templates and types outside our lists cannot come from the seeded tables; a row
      // we do not understand grants nothing rather than failing the request.
      if (!isRoleTemplate(roleTemplate) || !isWorkspaceType(workspaceType)) return [];
      return [
        {
          workspaceId: membership.workspace_id,
          workspaceType,
          roleTemplate,
          relation: membership.relation,
          overrides: membership.overrides.filter((override): override is CapabilityOverride =>
            isCapability(override.capability),
          ),
        },
      ];
    }),
  };
}

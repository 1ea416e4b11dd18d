import type { Tx } from '@aiconnected/db';
import {
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

/** A row of shell.governing_memberships (migration 019), also inside shell.resolve_session. */
export interface GoverningRow {
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

/**
 * The workspace `workspaceId` and the memberships through which `userId` governs it, in one
 * query (shell.governing_memberships, migration 019); null when the workspace does not
 * exist. Needs a service transaction (withService): a suspended or invited user, an inactive
 * membership, and a membership of a suspended or archived workspace govern nothing, exactly
 * as in migration 017.
 */
export async function loadGoverningMemberships(
  tx: Tx,
  { userId, workspaceId }: LoadGoverningMembershipsInput,
): Promise<GoverningMemberships | null> {
  const { rows } = await tx.query<GoverningRow>(
    'select * from shell.governing_memberships($1, $2)',
    [userId, workspaceId],
  );
  return toGoverningMemberships(rows[0] ?? null);
}

/** Maps a shell.governing_memberships row (null: no such workspace). */
export function toGoverningMemberships(row: GoverningRow | null): GoverningMemberships | null {
  if (row === null || !isWorkspaceType(row.type)) return null;
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

import type { Capability, RoleTemplate } from '@aiconnected/sdk-contracts';
import { insertReturningId, type SeedTarget } from './seed-target';

/** A per-membership grant (`allow: true`) or revocation of one capability code. */
export interface SeedOverride {
  capability: Capability;
  allow: boolean;
}

export interface SeedMembershipInput {
  userId: string;
  workspaceId: string;
  /** A role template of the workspace's level (the database refuses another level's). */
  role: RoleTemplate;
  /** Active unless given. */
  active?: boolean;
  overrides?: readonly SeedOverride[];
}

/** Inserts one membership and its capability overrides; returns the membership id. */
export async function seedMembership(
  target: SeedTarget,
  input: SeedMembershipInput,
): Promise<string> {
  const membershipId = await insertReturningId(
    target,
    `insert into public.workspace_memberships (workspace_id, user_id, role_template, active)
     values ($1, $2, $3, $4) returning id`,
    [input.workspaceId, input.userId, input.role, input.active ?? true],
  );
  for (const override of input.overrides ?? []) {
    // Selected by code, so an unknown capability inserts nothing: fail rather than seed less.
    await insertReturningId(
      target,
      `insert into public.membership_permissions (membership_id, workspace_id, permission_id, allow)
       select $1, $2, p.id, $4 from public.permissions p where p.code = $3 returning id`,
      [membershipId, input.workspaceId, override.capability, override.allow],
    );
  }
  return membershipId;
}

import { z } from 'zod';
import { CAPABILITIES } from '../access/capabilities';

/** One capability override of a membership: `allow = true` adds it, `false` removes it. */
export const permissionOverrideSchema = z
  .object({
    permission: z.enum(CAPABILITIES),
    allow: z
      .boolean()
      .meta({ description: 'true adds the capability to the role template, false removes it' }),
  })
  .meta({ id: 'PermissionOverride' });
export type PermissionOverride = z.infer<typeof permissionOverrideSchema>;

/** A workspace membership as the API returns it (PRD §11, §20.3). */
export const membershipSchema = z
  .object({
    id: z.uuid(),
    workspace_id: z.uuid(),
    user_id: z.uuid(),
    role_template: z.string(),
    active: z.boolean(),
    invited_by_user_id: z.uuid().nullable(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({
    id: 'Membership',
    description: 'A user’s membership in a workspace with a role template',
  });
export type Membership = z.infer<typeof membershipSchema>;

/** A membership with its capability overrides (`GET /memberships`). */
export const membershipWithOverridesSchema = membershipSchema
  .extend({ permission_overrides: z.array(permissionOverrideSchema) })
  .meta({ id: 'MembershipWithOverrides' });
export type MembershipWithOverrides = z.infer<typeof membershipWithOverridesSchema>;

/** `PATCH /memberships/{id}`: the membership and its overrides after the change. */
export const membershipChangeSchema = z.object({
  membership: membershipSchema,
  permission_overrides: z.array(permissionOverrideSchema),
});
export type MembershipChange = z.infer<typeof membershipChangeSchema>;

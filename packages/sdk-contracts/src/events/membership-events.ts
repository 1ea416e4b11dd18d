import { z } from 'zod';
import { ROLE_TEMPLATES } from '../access/role-templates';

/**
 * The membership events the shell emits (`shell-events` 1.1.0), each in the transaction of the
 * change: a user joins a workspace, their role there changes, they leave it.
 */
export const MEMBERSHIP_EVENTS = [
  'membership.created',
  'membership.role_changed',
  'membership.removed',
] as const;
export type MembershipEvent = (typeof MEMBERSHIP_EVENTS)[number];

/**
 * The stream of a member's events in a workspace: one user's joins, role changes and removals
 * are ordered; a delivery failing for one member holds nobody else's back.
 */
export function membershipStream(userId: string): string {
  return `memberships/${userId}`;
}

/** Why a membership event was emitted (`reason` in its data). */
export const MEMBERSHIP_EVENT_REASONS = [
  'invitation_accepted',
  'reactivated',
  'role_changed',
  'deactivated',
] as const;
export type MembershipEventReason = (typeof MEMBERSHIP_EVENT_REASONS)[number];

/**
 * The `data` of a membership event: ids and role keys only, never an address or a name (a
 * module that needs the person reads them through the API its permissions allow).
 */
export const membershipEventDataSchema = z
  .strictObject({
    membership_id: z.uuid(),
    workspace_id: z.uuid(),
    user_id: z.uuid().meta({ description: 'The member' }),
    role_template: z
      .enum(ROLE_TEMPLATES)
      .meta({ description: 'The role template after the change' }),
    previous_role_template: z
      .enum(ROLE_TEMPLATES)
      .optional()
      .meta({ description: 'The role template before, when the change set another one' }),
    active: z.boolean().meta({ description: 'Whether the membership grants access after it' }),
    reason: z.enum(MEMBERSHIP_EVENT_REASONS),
    actor_user_id: z.uuid().meta({
      description: 'Who made the change (for an accepted invitation: the member)',
    }),
    invited_by_user_id: z.uuid().nullable().meta({ description: 'Who invited the member' }),
  })
  .meta({
    id: 'MembershipEventData',
    description: 'Data of membership.created|role_changed|removed: the membership after the change',
  });
export type MembershipEventData = z.infer<typeof membershipEventDataSchema>;

import { z } from 'zod';
import { ROLE_TEMPLATES } from '../access/role-templates';
import { nextCursorSchema } from '../common/page';
import { USER_STATUSES } from './user';

/** The actions on another user's account a row menu can offer (`allowed_actions`). */
export const USER_ACTIONS = [
  'edit_profile',
  'change_email',
  'send_reset_link',
  'suspend',
  'reactivate',
  'manage_membership',
] as const;
export type UserAction = (typeof USER_ACTIONS)[number];

/** A member of a workspace: the user and their membership there (`GET /users?workspace_id=`). */
export const workspaceUserSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    display_name: z.string().nullable(),
    status: z.enum(USER_STATUSES),
    membership_id: z.uuid(),
    role_template: z.string(),
    active: z.boolean().meta({ description: 'Whether the membership is active' }),
    created_at: z.iso.datetime(),
    allowed_actions: z.array(z.enum(USER_ACTIONS)).meta({
      description:
        'What the caller may do to this user, by the rules the endpoints enforce: `edit_profile` and ' +
        '`suspend`/`reactivate` (`PATCH /users/{id}`), `change_email` (`PATCH /users/{id}/email`), ' +
        '`send_reset_link` (`POST /users/{id}/password-reset-link`), `manage_membership` ' +
        '(`PATCH /memberships/{id}`: role, active flag, overrides). Offer nothing else.',
    }),
  })
  .meta({ id: 'WorkspaceUser', description: 'A user with their membership in one workspace' });
export type WorkspaceUser = z.infer<typeof workspaceUserSchema>;

/** A page of a workspace's users and the roles the caller may grant there. */
export const workspaceUserPageSchema = z.object({
  items: z.array(workspaceUserSchema),
  next_cursor: nextCursorSchema,
  assignable_roles: z.array(z.enum(ROLE_TEMPLATES)),
});
export type WorkspaceUserPage = z.infer<typeof workspaceUserPageSchema>;

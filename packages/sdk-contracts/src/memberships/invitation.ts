import { z } from 'zod';
import { ROLE_TEMPLATES } from '../access/role-templates';

/** An invitation as the inviter sees it: the same for a new address and an existing account. */
export const invitationSchema = z
  .object({
    workspace_id: z.uuid(),
    email: z.string(),
    role_template: z.enum(ROLE_TEMPLATES),
    expires_at: z.iso.datetime(),
  })
  .meta({ id: 'Invitation', description: 'A pending invitation, as the inviter sees it' });
export type Invitation = z.infer<typeof invitationSchema>;

/** `POST /memberships`: the invitation sent (nobody is a member before accepting it). */
export const inviteResultSchema = z.object({
  invitation: invitationSchema,
  invite_status: z.literal('invited'),
});
export type InviteResult = z.infer<typeof inviteResultSchema>;

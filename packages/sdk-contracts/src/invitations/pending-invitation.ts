import { z } from 'zod';

/** An invitation not yet accepted (`GET /invitations`, resend). */
export const pendingInvitationSchema = z
  .object({
    id: z.uuid(),
    workspace_id: z.uuid(),
    email: z.string(),
    role_template: z.string(),
    created_at: z.iso.datetime(),
    expires_at: z.iso.datetime(),
    expired: z.boolean().meta({ description: 'The link has expired; resending mails a new one' }),
  })
  .meta({ id: 'PendingInvitation', description: 'An invitation not yet accepted' });
export type PendingInvitation = z.infer<typeof pendingInvitationSchema>;

/** A listed pending invitation, with whether the caller may resend or revoke it. */
export const listedInvitationSchema = pendingInvitationSchema.extend({ can_manage: z.boolean() });
export type ListedInvitation = z.infer<typeof listedInvitationSchema>;

/** `POST /invitations/{id}/resend`: the invitation with its new expiry. */
export const pendingInvitationResultSchema = z.object({ invitation: pendingInvitationSchema });
export type PendingInvitationResult = z.infer<typeof pendingInvitationResultSchema>;

import { z } from 'zod';

// The answers of the account actions that report only a status (PRD §20.3 `reset_status`,
// `verification_status`): the emailed-link flows and the password change.

/** `POST /auth/password/reset`: the same whatever the address. */
export const passwordResetRequestedSchema = z.object({ reset_status: z.literal('requested') });
export type PasswordResetRequested = z.infer<typeof passwordResetRequestedSchema>;

/** `POST /auth/password/set`: the password is set; sign in with it. */
export const passwordSetSchema = z.object({ reset_status: z.literal('completed') });
export type PasswordSet = z.infer<typeof passwordSetSchema>;

/** `POST /users/{id}/password-reset-link`: the link was mailed to the user. */
export const resetLinkSentSchema = z.object({ reset_status: z.literal('sent') });
export type ResetLinkSent = z.infer<typeof resetLinkSentSchema>;

/** `POST /auth/email/verify`: the account uses the new address. */
export const emailVerifiedSchema = z.object({ verification_status: z.literal('verified') });
export type EmailVerified = z.infer<typeof emailVerifiedSchema>;

/** `POST /auth/email/cancel`: the change is void; the account keeps its address. */
export const emailChangeCancelledSchema = z.object({
  verification_status: z.literal('cancelled'),
});
export type EmailChangeCancelled = z.infer<typeof emailChangeCancelledSchema>;

/** `POST /auth/password/change`: changed; the account's other sessions were signed out. */
export const passwordChangedSchema = z.object({
  password_status: z.literal('changed'),
  revoked_sessions: z.number().int().min(0).meta({
    description: 'How many other sessions of the account were signed out',
  }),
});
export type PasswordChanged = z.infer<typeof passwordChangedSchema>;

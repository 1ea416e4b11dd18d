import { z } from 'zod';

/** A user's account state (`users.status`). */
export const USER_STATUSES = ['active', 'invited', 'suspended'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

/** A user account as the API returns it (PRD §11). */
export const userSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    display_name: z.string().nullable(),
    status: z.enum(USER_STATUSES),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: 'User', description: 'A user account; never carries a password or token' });
export type User = z.infer<typeof userSchema>;

/** `{ user }`: what changing a user answers. */
export const userResultSchema = z.object({ user: userSchema }).meta({ id: 'UserResult' });
export type UserResult = z.infer<typeof userResultSchema>;

/** `PATCH /users/{id}/email`: the user as they are until the new address is verified. */
export const emailChangeRequestSchema = z.object({
  user: userSchema,
  verification_status: z.literal('pending'),
});
export type EmailChangeRequest = z.infer<typeof emailChangeRequestSchema>;

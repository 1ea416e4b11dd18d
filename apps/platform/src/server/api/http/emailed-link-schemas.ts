import { z } from '@hono/zod-openapi';

// The request fields of the emailed-link endpoints (password reset, invitation accept, email
// change, link inspection) and of a password change.

/** A single-use token from an emailed link (32 random bytes, base64url). */
export const linkTokenSchema = z
  .string()
  .min(1)
  .max(512)
  .meta({ description: 'The `token` of the emailed link' });

/** A new password: the policy (12 to 256 characters) is applied by the server, with its own message. */
export const newPasswordSchema = z.string().max(1024).meta({
  description:
    '12 to 256 characters; a shorter or longer one is VALIDATION_BLOCKING (details.field new_password)',
});

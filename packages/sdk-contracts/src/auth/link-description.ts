import { z } from 'zod';

/** An emailed link, checked before its form is shown (`POST /auth/links/inspect`). */
export const linkDescriptionSchema = z
  .object({
    purpose: z.enum(['invitation', 'password_reset']),
    email: z.string(),
    display_name: z.string().nullable(),
    workspace_name: z
      .string()
      .nullable()
      .meta({ description: 'The invitation’s workspace; null for a reset' }),
    has_password: z.boolean().meta({
      description:
        'Whether the account already has a password (an existing account invited elsewhere)',
    }),
    expires_at: z.iso.datetime(),
  })
  .meta({ id: 'LinkDescription' });
export type LinkDescription = z.infer<typeof linkDescriptionSchema>;

import { z } from 'zod';
import { workspaceOptionSchema } from '../workspaces/workspace-option';

/** The session a sign-in starts, with its token. */
const startedSessionSchema = z.object({
  access_token: z.string().meta({
    description:
      'The session token: also set as the httpOnly `shell_session` cookie; API clients send it as `Authorization: Bearer`',
  }),
  expires_at: z.iso.datetime(),
  user_id: z.uuid(),
});

/** `POST /auth/sign-in` (PRD §20.3): the session, the workspaces to pick from, the default. */
export const signInResultSchema = z
  .object({
    session: startedSessionSchema,
    workspace_options: z.array(workspaceOptionSchema),
    default_workspace_id: z.uuid().nullable().meta({
      description:
        'The active workspace when the user has exactly one option; null means "pick one"',
    }),
  })
  .meta({ id: 'SignInResult' });
export type SignInResult = z.infer<typeof signInResultSchema>;

/** `POST /auth/invitations/accept`: accepted, then signed in as `POST /auth/sign-in` answers. */
export const invitationAcceptedSchema = signInResultSchema.extend({
  status: z.literal('accepted'),
});
export type InvitationAccepted = z.infer<typeof invitationAcceptedSchema>;

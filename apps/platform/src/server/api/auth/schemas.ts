import { z } from '@hono/zod-openapi';
import { WORKSPACE_TYPES } from '@aiconnected/permissions';

/** A workspace the user can act in (PRD §20.3 `workspace_options`). */
export const workspaceOptionSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    type: z.enum(WORKSPACE_TYPES),
    role_template: z.string().meta({ description: 'The role the user holds there' }),
  })
  .meta({ id: 'WorkspaceOption', description: 'A workspace the user is an active member of' });

/** Where the UI sends a user after sign-in, a switch or an impersonation change. */
export const destinationSchema = z
  .enum(['/super', '/agency', '/business', '/select-workspace'])
  .meta({
    id: 'Destination',
    description:
      'The dashboard of the active workspace type, or the workspace selector when none is active',
  });

/** A workspace named in the session's impersonation state. */
const namedWorkspaceSchema = z.object({ id: z.uuid(), name: z.string() });

/** The session's impersonation as the UI banner shows it: both identities, named. */
export const sessionImpersonationSchema = z
  .object({
    active: z.boolean(),
    actor_user_id: z.uuid().nullable(),
    actor_workspace: namedWorkspaceSchema.nullable(),
    target_workspace: namedWorkspaceSchema.nullable(),
  })
  .meta({ id: 'SessionImpersonation', description: 'Who acts, from where, in which workspace' });

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

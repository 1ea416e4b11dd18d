import { z } from '@hono/zod-openapi';
import { WORKSPACE_TYPES } from '@aiconnected/permissions';
import { correlationHeaders } from '../openapi/correlation-header';

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

/** `{ ok: true }`: an action that has nothing else to report. */
export const okSchema = z.object({ ok: z.literal(true) }).meta({ id: 'Ok' });

/** A JSON request body declaration for `createRoute`. */
export function jsonBody<T extends z.ZodType>(schema: T, description?: string) {
  return {
    required: true,
    ...(description ? { description } : {}),
    content: { 'application/json': { schema } },
  } as const;
}

/** A 200 JSON response declaration carrying the correlation header. */
export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return {
    description,
    headers: correlationHeaders,
    content: { 'application/json': { schema } },
  } as const;
}

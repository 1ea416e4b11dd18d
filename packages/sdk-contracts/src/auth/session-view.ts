import { z } from 'zod';
import { workspaceOptionSchema } from '../workspaces/workspace-option';
import { workspaceContextSchema } from '../workspace-context';
import { destinationSchema } from './destination';

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
export type SessionImpersonation = z.infer<typeof sessionImpersonationSchema>;

/** `GET /auth/session`: everything the UI shell needs to render for this session. */
export const sessionViewSchema = z
  .object({
    user: z.object({ id: z.uuid(), email: z.string(), display_name: z.string().nullable() }),
    session: z.object({ id: z.uuid(), expires_at: z.iso.datetime() }),
    context: workspaceContextSchema.nullable().meta({
      description:
        'The resolved context; null until a workspace is selected (or when it is no longer usable)',
    }),
    workspace_options: z.array(workspaceOptionSchema),
    destination: destinationSchema,
    impersonation: sessionImpersonationSchema,
  })
  .meta({
    id: 'SessionView',
    description: 'Who is signed in, where they act, and what they can pick',
  });
export type SessionView = z.infer<typeof sessionViewSchema>;

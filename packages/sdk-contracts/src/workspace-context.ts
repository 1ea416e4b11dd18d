import { z } from 'zod';

/** Who is acting when a session impersonates another workspace (PRD §13, §20.3). */
export const impersonationStateSchema = z
  .object({
    active: z.boolean(),
    actor_user_id: z.uuid().nullable(),
    actor_workspace_id: z.uuid().nullable(),
    target_workspace_id: z.uuid().nullable(),
  })
  .meta({
    id: 'ImpersonationState',
    description: 'Who is acting when a session impersonates another workspace',
  });
export type ImpersonationState = z.infer<typeof impersonationStateSchema>;

/** No impersonation. */
export const NOT_IMPERSONATING: ImpersonationState = {
  active: false,
  actor_user_id: null,
  actor_workspace_id: null,
  target_workspace_id: null,
};

/**
 * The resolved context of one request (PRD §13): the user, the active workspace, the
 * effective role template and permission set, and the impersonation state. Every protected
 * endpoint has one; the database receives it as the `request.jwt.claims` of its transaction.
 */
export const workspaceContextSchema = z
  .object({
    user_id: z.uuid(),
    session_id: z.uuid(),
    workspace_id: z.uuid(),
    role_template: z.string().min(1),
    permissions: z.array(z.string()),
    impersonation: impersonationStateSchema,
  })
  .meta({
    id: 'WorkspaceContext',
    description: 'Resolved user, workspace, role template, permissions and impersonation',
  });
export type WorkspaceContext = z.infer<typeof workspaceContextSchema>;

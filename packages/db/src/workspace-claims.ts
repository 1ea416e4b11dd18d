import type { WorkspaceContext } from '@aiconnected/sdk-contracts';

/**
 * The `request.jwt.claims` object a tenant transaction carries (docs/tenancy-and-rls.md).
 * Same shape Supabase's API sets, so the RLS helpers in schema `shell` read it unchanged.
 */
export interface WorkspaceJwtClaims {
  sub: string;
  role: 'authenticated';
  session_id: string;
  workspace_id: string;
  role_template: string;
  permissions: string[];
  impersonation: {
    active: boolean;
    actor_user_id: string | null;
    actor_workspace_id: string | null;
    target_workspace_id: string | null;
  };
}

/** Maps a request's `WorkspaceContext` to the claims RLS policies read. */
export function buildWorkspaceClaims(context: WorkspaceContext): WorkspaceJwtClaims {
  // Copied field by field so nothing extra a caller put on the context leaks into the claims.
  return {
    sub: context.user_id,
    role: 'authenticated',
    session_id: context.session_id,
    workspace_id: context.workspace_id,
    role_template: context.role_template,
    permissions: [...context.permissions],
    impersonation: {
      active: context.impersonation.active,
      actor_user_id: context.impersonation.actor_user_id,
      actor_workspace_id: context.impersonation.actor_workspace_id,
      target_workspace_id: context.impersonation.target_workspace_id,
    },
  };
}

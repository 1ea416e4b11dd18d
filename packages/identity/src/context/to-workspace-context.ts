import {
  effectiveCapabilities,
  impersonationCapabilities,
  type GoverningMembership,
} from '@aiconnected/permissions';
import { NOT_IMPERSONATING, type WorkspaceContext } from '@aiconnected/sdk-contracts';
import type { SessionImpersonation } from '../sessions/session-record';

export interface ToWorkspaceContextInput {
  sessionId: string;
  /** The real, signed-in user (also while impersonating). */
  userId: string;
  /** The workspace the session acts in (the target while impersonating). */
  workspaceId: string;
  impersonation: SessionImpersonation | null;
  /** The user's memberships that govern `workspaceId`. */
  memberships: readonly GoverningMembership[];
}

/**
 * The WorkspaceContext of a session acting in a workspace: effective capabilities of the
 * governing memberships, narrowed while impersonating (never widened: start capabilities
 * removed, only `impersonation.stop` added). Null when nothing governs the workspace.
 */
export function toWorkspaceContext(input: ToWorkspaceContextInput): WorkspaceContext | null {
  const effective = effectiveCapabilities(input.memberships);
  if (effective === null) return null;
  const { impersonation } = input;
  return {
    user_id: input.userId,
    session_id: input.sessionId,
    workspace_id: input.workspaceId,
    role_template: effective.roleTemplate,
    permissions: impersonation
      ? impersonationCapabilities(effective.capabilities)
      : effective.capabilities,
    impersonation: impersonation
      ? {
          active: true,
          actor_user_id: input.userId,
          actor_workspace_id: impersonation.actorWorkspaceId,
          target_workspace_id: impersonation.targetWorkspaceId,
        }
      : NOT_IMPERSONATING,
  };
}

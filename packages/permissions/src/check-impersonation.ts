import type { ErrorCode } from '@aiconnected/sdk-contracts';
import type { Capability } from './capabilities';
import type { WorkspaceType } from './role-templates';

/** The actor of an impersonation request, as acting in its current workspace. */
export interface ImpersonationActor {
  workspaceId: string;
  workspaceType: WorkspaceType;
  /** The actor's effective capabilities in its current workspace. */
  capabilities: readonly Capability[];
  /** The session already impersonates. */
  impersonating: boolean;
}

/** The workspace to impersonate. */
export interface ImpersonationTarget {
  id: string;
  type: WorkspaceType;
  parentWorkspaceId: string | null;
}

export interface CheckImpersonationInput {
  actor: ImpersonationActor;
  target: ImpersonationTarget;
}

/**
 * Whether `actor` may impersonate `target` (docs/identity.md "Impersonation", PRD §12.3):
 * null when allowed, else the error code to answer with.
 * - `IMPERSONATION_FORBIDDEN`: already impersonating (never nested), the target is the
 *   workspace the actor is in, or the target is the super workspace.
 * - super: acting in the super workspace with `impersonation.super.start`, into any agency
 *   or business.
 * - agency: acting in an agency with `impersonation.agency_business.start`, only into a
 *   business whose parent is that agency; any other target is `IMPERSONATION_SCOPE_FORBIDDEN`.
 * - `PERMISSION_DENIED`: no start capability that applies where the actor acts.
 */
export function checkImpersonation({ actor, target }: CheckImpersonationInput): ErrorCode | null {
  if (actor.impersonating) return 'IMPERSONATION_FORBIDDEN';
  if (target.id === actor.workspaceId || target.type === 'super') return 'IMPERSONATION_FORBIDDEN';

  if (actor.workspaceType === 'super' && actor.capabilities.includes('impersonation.super.start')) {
    return null;
  }
  if (
    actor.workspaceType === 'agency' &&
    actor.capabilities.includes('impersonation.agency_business.start')
  ) {
    const ownChild = target.type === 'business' && target.parentWorkspaceId === actor.workspaceId;
    return ownChild ? null : 'IMPERSONATION_SCOPE_FORBIDDEN';
  }
  return 'PERMISSION_DENIED';
}

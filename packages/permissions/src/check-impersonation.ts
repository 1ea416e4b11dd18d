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
  /** The target workspace; null when no workspace has the id asked for. */
  target: ImpersonationTarget | null;
}

/**
 * Whether `actor` may impersonate `target` (docs/identity.md "Impersonation", PRD §12.3):
 * null when allowed, else the error code to answer with. The actor is judged before the
 * target, and a target outside the actor's scope gets one answer whether it exists or not, so
 * the answer tells nobody which foreign ids exist.
 * - `IMPERSONATION_FORBIDDEN`: already impersonating (never nested).
 * - `PERMISSION_DENIED`: no start capability that applies where the actor acts, whatever
 *   the target.
 * - `IMPERSONATION_FORBIDDEN`: the target is the workspace the actor is in, or the super
 *   workspace (for a super actor: an agency knows it only as outside its scope).
 * - super: acting in the super workspace with `impersonation.super.start`, into any agency
 *   or business.
 * - agency: acting in an agency with `impersonation.agency_business.start`, only into a
 *   business whose parent is that agency.
 * - `IMPERSONATION_SCOPE_FORBIDDEN`: any other target, existing or not.
 */
export function checkImpersonation({ actor, target }: CheckImpersonationInput): ErrorCode | null {
  if (actor.impersonating) return 'IMPERSONATION_FORBIDDEN';
  const rule = startRule(actor);
  if (rule === null) return 'PERMISSION_DENIED';
  if (target === null) return 'IMPERSONATION_SCOPE_FORBIDDEN';
  if (target.id === actor.workspaceId) return 'IMPERSONATION_FORBIDDEN';
  if (rule === 'super') return target.type === 'super' ? 'IMPERSONATION_FORBIDDEN' : null;
  const ownChild = target.type === 'business' && target.parentWorkspaceId === actor.workspaceId;
  return ownChild ? null : 'IMPERSONATION_SCOPE_FORBIDDEN';
}

/** The start rule that applies where the actor acts (its level and capability), if any. */
function startRule(actor: ImpersonationActor): 'super' | 'agency' | null {
  if (actor.workspaceType === 'super' && actor.capabilities.includes('impersonation.super.start')) {
    return 'super';
  }
  if (
    actor.workspaceType === 'agency' &&
    actor.capabilities.includes('impersonation.agency_business.start')
  ) {
    return 'agency';
  }
  return null;
}

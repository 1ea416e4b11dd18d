import type { Db } from '@aiconnected/db';
import {
  checkImpersonation,
  destinationFor,
  effectiveCapabilities,
} from '@aiconnected/permissions';
import {
  type ImpersonationResult,
  ShellError,
  textProblem,
  type WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import { beginSessionImpersonation } from '../sessions/begin-session-impersonation';
import type { SessionRecord } from '../sessions/session-record';
import { auditImpersonation } from './audit-impersonation';
import { loadGoverningMemberships } from '@aiconnected/access';
import { toWorkspaceContext } from './to-workspace-context';

export interface StartImpersonationInput {
  session: SessionRecord;
  /** The guard's context of this request: the session's user in its active workspace. */
  context: WorkspaceContext;
  targetWorkspaceId: string;
  reason: string;
  correlationId: string;
}

/** Bounds of the (trimmed) impersonation reason. */
export const IMPERSONATION_REASON_LENGTH = { min: 3, max: 500 } as const;

/**
 * Starts impersonating `targetWorkspaceId` (docs/identity.md "Impersonation"). A reason of
 * 3..500 characters is required (`VALIDATION_BLOCKING`). `checkImpersonation` judges the
 * actor's effective capabilities in its current workspace, read afresh in the transaction
 * (`PERMISSION_DENIED`, `IMPERSONATION_FORBIDDEN`, `IMPERSONATION_SCOPE_FORBIDDEN`), the actor
 * before the target: a target that does not exist is answered as a foreign one, so no id can
 * be probed. The session then acts in the target with the actor's own capabilities there,
 * narrowed. `impersonation.start` is audited in the actor's
 * and the target's workspace, in the same service transaction as the session change.
 */
export async function startImpersonation(
  db: Db,
  input: StartImpersonationInput,
): Promise<ImpersonationResult> {
  const { session, context, targetWorkspaceId, correlationId } = input;
  const reason = requireReason(input.reason);
  const actorWorkspaceId = session.activeWorkspaceId;
  if (actorWorkspaceId === null) {
    throw new ShellError('WORKSPACE_REQUIRED', `session ${session.id} has no active workspace`);
  }
  if (context.session_id !== session.id || context.workspace_id !== actorWorkspaceId) {
    // A context resolved for another session or before a switch: never act on a stale view.
    throw new ShellError(
      'SESSION_INVALID',
      `context of ${context.session_id} is not session ${session.id} now`,
    );
  }

  return db.withService('identity: start impersonation', async (tx) => {
    const userId = session.userId;
    const actor = await loadGoverningMemberships(tx, { userId, workspaceId: actorWorkspaceId });
    const actorCapabilities = actor && effectiveCapabilities(actor.memberships);
    if (actor === null || actorCapabilities === null) {
      throw new ShellError(
        'WORKSPACE_FORBIDDEN',
        `user ${userId} no longer governs ${actorWorkspaceId}`,
        {
          details: { workspace_id: actorWorkspaceId },
        },
      );
    }
    const target = await loadGoverningMemberships(tx, { userId, workspaceId: targetWorkspaceId });
    const refusal = checkImpersonation({
      actor: {
        workspaceId: actorWorkspaceId,
        workspaceType: actor.workspace.type,
        capabilities: actorCapabilities.capabilities,
        impersonating: session.impersonation !== null,
      },
      target: target && {
        id: target.workspace.id,
        type: target.workspace.type,
        parentWorkspaceId: target.workspace.parentWorkspaceId,
      },
    });
    if (refusal !== null || target === null) {
      // `checkImpersonation` refuses a missing target, so `refusal` is set whenever we get here.
      const code = refusal ?? 'IMPERSONATION_SCOPE_FORBIDDEN';
      throw new ShellError(code, `user ${userId} may not impersonate ${targetWorkspaceId}`, {
        details: { target_workspace_id: targetWorkspaceId },
      });
    }

    const effective = toWorkspaceContext({
      sessionId: session.id,
      userId,
      workspaceId: targetWorkspaceId,
      impersonation: { actorWorkspaceId, targetWorkspaceId, reason, startedAt: new Date() },
      memberships: target.memberships,
    });
    if (effective === null) {
      // The rule allows it, yet no membership governs the target (e.g. an agency user given
      // the agency capability by override): impersonation never grants what one lacks there.
      throw new ShellError(
        'IMPERSONATION_SCOPE_FORBIDDEN',
        `user ${userId} governs nothing in ${targetWorkspaceId}`,
        {
          details: { target_workspace_id: targetWorkspaceId },
        },
      );
    }
    const begun = await beginSessionImpersonation(tx, {
      sessionId: session.id,
      actorWorkspaceId,
      targetWorkspaceId,
      reason,
    });
    if (begun === null) {
      // Revoked, expired, switched or impersonating since the guard read the session.
      throw new ShellError(
        'SESSION_INVALID',
        `session ${session.id} could not start impersonating`,
      );
    }
    await auditImpersonation(tx, {
      action: 'impersonation.start',
      actorUserId: userId,
      actorWorkspaceId,
      targetWorkspaceId,
      reason,
      correlationId,
    });
    return {
      impersonation_state: effective.impersonation,
      effective_context: effective,
      destination: destinationFor(target.workspace.type),
    };
  });
}

/**
 * The trimmed reason, or VALIDATION_BLOCKING when it is too short, too long, or not text a
 * person can read later (`textProblem`: a control character such as NUL, a lone surrogate,
 * nothing visible, e.g. four zero-width spaces).
 */
function requireReason(raw: string): string {
  const reason = raw.trim();
  const { min, max } = IMPERSONATION_REASON_LENGTH;
  const problem = textProblem(reason);
  if (problem !== null && reason.length >= min && reason.length <= max) {
    throw new ShellError('VALIDATION_BLOCKING', `impersonation reason refused: ${problem}`, {
      userMessage: 'Give a reason for impersonating in words, without control characters.',
      details: { field: 'reason', min_length: min, max_length: max, problem },
    });
  }
  if (reason.length < min || reason.length > max) {
    throw new ShellError(
      'VALIDATION_BLOCKING',
      `impersonation reason of ${reason.length} characters`,
      {
        userMessage: `Give a reason for impersonating (${min} to ${max} characters).`,
        details: { field: 'reason', min_length: min, max_length: max },
      },
    );
  }
  return reason;
}

import type { Db } from '@aiconnected/db';
import { destinationFor } from '@aiconnected/permissions';
import {
  type ImpersonationResult,
  NOT_IMPERSONATING,
  ShellError,
} from '@aiconnected/sdk-contracts';
import { endSessionImpersonation } from '../sessions/end-session-impersonation';
import type { SessionRecord } from '../sessions/session-record';
import { auditImpersonation } from './audit-impersonation';
import { loadGoverningMemberships } from '@aiconnected/access';
import { sessionContext } from './resolve-workspace-context';

export interface StopImpersonationInput {
  session: SessionRecord;
  correlationId: string;
}

/**
 * Ends the session's impersonation (`POST /auth/impersonation/stop`): the session acts in the
 * actor's workspace again with its own capabilities there. `SESSION_INVALID` when the session
 * is not impersonating (or is no longer live). `impersonation.stop` is audited in the actor's
 * and the target's workspace, in the same service transaction as the session change.
 */
export async function stopImpersonation(
  db: Db,
  { session, correlationId }: StopImpersonationInput,
): Promise<ImpersonationResult> {
  const { impersonation } = session;
  if (impersonation === null) {
    throw new ShellError('SESSION_INVALID', `session ${session.id} is not impersonating`, {
      userMessage: 'This session is not impersonating a workspace.',
    });
  }
  return db.withService('identity: stop impersonation', async (tx) => {
    const ended = await endSessionImpersonation(tx, session.id);
    if (ended === null) {
      throw new ShellError('SESSION_INVALID', `session ${session.id} could not stop impersonating`);
    }
    await auditImpersonation(tx, {
      action: 'impersonation.stop',
      actorUserId: session.userId,
      actorWorkspaceId: impersonation.actorWorkspaceId,
      targetWorkspaceId: impersonation.targetWorkspaceId,
      reason: impersonation.reason,
      correlationId,
    });
    const governing = await loadGoverningMemberships(tx, {
      userId: ended.userId,
      workspaceId: impersonation.actorWorkspaceId,
    });
    const context = sessionContext(ended, governing);
    return {
      impersonation_state: NOT_IMPERSONATING,
      effective_context: context,
      destination: destinationFor(context && governing ? governing.workspace.type : null),
    };
  });
}

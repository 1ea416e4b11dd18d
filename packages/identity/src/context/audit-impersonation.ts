import { writeAuditLog, type Tx } from '@aiconnected/db';

export interface AuditImpersonationInput {
  action: 'impersonation.start' | 'impersonation.stop';
  /** The real user who impersonates. */
  actorUserId: string;
  actorWorkspaceId: string;
  targetWorkspaceId: string;
  reason: string;
  correlationId: string;
}

/**
 * Writes an impersonation start or stop to `audit_logs` twice, in the actor's workspace and in
 * the target's, so the admins of both see it. `tx` is a service transaction (the same one that
 * changes the session). The metadata carries the `impersonation` object in the shape
 * `recordAudit` uses for actions taken while impersonating.
 */
export async function auditImpersonation(tx: Tx, input: AuditImpersonationInput): Promise<void> {
  const metadata = {
    reason: input.reason,
    impersonation: {
      actor_user_id: input.actorUserId,
      actor_workspace_id: input.actorWorkspaceId,
      target_workspace_id: input.targetWorkspaceId,
    },
  };
  for (const workspaceId of [input.actorWorkspaceId, input.targetWorkspaceId]) {
    await writeAuditLog(tx, {
      workspaceId,
      actorUserId: input.actorUserId,
      action: input.action,
      targetType: 'workspace',
      targetId: input.targetWorkspaceId,
      metadata,
      correlationId: input.correlationId,
    });
  }
}

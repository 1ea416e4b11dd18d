import { asServiceRole, writeAuditLog, type Tx } from '@aiconnected/db';
import type { AuditAction, WorkspaceContext } from '@aiconnected/sdk-contracts';

/** What an actor did, in the words of `audit_logs` (the actor comes from the context). */
export interface AuditedAction {
  /** The workspace the action happened in. */
  workspaceId: string;
  /** One of `AUDIT_ACTIONS` (sdk-contracts), which documents each action's metadata keys. */
  action: AuditAction;
  targetType: string;
  targetId: string | null;
  metadata?: Record<string, unknown>;
  correlationId: string;
}

/**
 * Appends the audit row of an action `actor` took inside its `withWorkspace` transaction `tx`,
 * so the change and its audit row commit or roll back together. While impersonating, the row
 * names the real user as `impersonator_user_id` and carries the actor and target workspaces
 * in `metadata_json.impersonation` (PRD §25.3: actor and effective actor).
 */
export async function recordAudit(
  tx: Tx,
  actor: WorkspaceContext,
  entry: AuditedAction,
): Promise<void> {
  const { impersonation } = actor;
  const metadata = impersonation.active
    ? {
        ...entry.metadata,
        impersonation: {
          actor_user_id: impersonation.actor_user_id,
          actor_workspace_id: impersonation.actor_workspace_id,
          target_workspace_id: impersonation.target_workspace_id,
        },
      }
    : (entry.metadata ?? {});
  await asServiceRole(tx, `audit ${entry.action}`, () =>
    writeAuditLog(tx, {
      workspaceId: entry.workspaceId,
      actorUserId: actor.user_id,
      impersonatorUserId: impersonation.active ? impersonation.actor_user_id : null,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      metadata,
      correlationId: entry.correlationId,
    }),
  );
}

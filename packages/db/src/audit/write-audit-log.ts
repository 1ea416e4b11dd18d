import type { AuditAction } from '@aiconnected/sdk-contracts';
import type { Tx } from '../create-db';

/** One privileged action, as `audit_logs` records it (PRD §25.3). */
export interface AuditEntry {
  /** The workspace the action happened in (the super workspace for platform actions). */
  workspaceId: string;
  /** Who acted; null for system actions (webhooks, jobs). */
  actorUserId: string | null;
  /** The real user behind an impersonated action, when impersonating. */
  impersonatorUserId?: string | null;
  /** One of `AUDIT_ACTIONS` (sdk-contracts), which documents each action's metadata keys. */
  action: AuditAction;
  targetType: string;
  targetId?: string | null;
  metadata?: Record<string, unknown>;
  correlationId?: string | null;
}

/**
 * Appends one row to `audit_logs`. The table is service-write only, so `tx` must be a
 * `withService` transaction; writing it in the same transaction as the action means an
 * action and its audit row commit or roll back together. The database adds
 * `metadata_json.people` (the people the row names, as they are now: migration 021).
 */
export async function writeAuditLog(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.query(
    `insert into public.audit_logs
       (workspace_id, actor_user_id, impersonator_user_id, action, target_type, target_id, metadata_json, correlation_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      entry.workspaceId,
      entry.actorUserId,
      entry.impersonatorUserId ?? null,
      entry.action,
      entry.targetType,
      entry.targetId ?? null,
      JSON.stringify(entry.metadata ?? {}),
      entry.correlationId ?? null,
    ],
  );
}

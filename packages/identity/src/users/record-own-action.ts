import { writeAuditLog, type Tx } from '@aiconnected/db';
import type { AuditAction } from '@aiconnected/sdk-contracts';

export interface OwnAction {
  /** The user acting on their own account through an emailed link. */
  userId: string;
  /** The workspace the link was issued for, when known. */
  workspaceId: string | null;
  action: AuditAction;
  metadata?: Record<string, unknown>;
  correlationId: string | null;
}

/**
 * Audits what a user did through an emailed link (no session, so no workspace context):
 * in the workspace the link was issued for, else the user's first membership, else the super
 * workspace (audit rows need one). `tx` must run as the service.
 */
export async function recordOwnAction(tx: Tx, entry: OwnAction): Promise<void> {
  const { rows } = await tx.query<{ id: string }>(
    `select coalesce(
       $1::uuid,
       (select m.workspace_id from public.workspace_memberships m
         where m.user_id = $2 order by m.created_at, m.id limit 1),
       (select w.id from public.workspaces w where w.type = 'super' limit 1)) as id`,
    [entry.workspaceId, entry.userId],
  );
  const workspaceId = rows[0]?.id;
  // Only a database without a super workspace and a user without memberships lands here.
  if (!workspaceId) return;
  await writeAuditLog(tx, {
    workspaceId,
    actorUserId: entry.userId,
    action: entry.action,
    targetType: 'user',
    targetId: entry.userId,
    metadata: entry.metadata ?? {},
    correlationId: entry.correlationId,
  });
}

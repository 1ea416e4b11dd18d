import type { Db, Tx } from '@aiconnected/db';
import type { WorkspaceContext } from '@aiconnected/sdk-contracts';
import { loadActorView } from '../users/load-actor-view';
import { permissionDenied, workspaceForbidden } from '../users/user-errors';
import { decodeAuditLogCursor, encodeAuditLogCursor } from './audit-log-cursor';

/** One `audit_logs` row as `GET /audit-logs` returns it (PRD §12.2, §25.3). */
export interface AuditLogRecord {
  id: string;
  workspace_id: string;
  actor_user_id: string | null;
  /** The real user behind an impersonated action. */
  impersonator_user_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  metadata_json: Record<string, unknown>;
  correlation_id: string | null;
  /** RFC 3339 with microseconds. */
  created_at: string;
}

export interface ListAuditLogsInput {
  actor: WorkspaceContext;
  /** One workspace; without it, every workspace whose log the actor may read. */
  workspaceId?: string;
  action?: string;
  actorUserId?: string;
  targetType?: string;
  targetId?: string;
  /** Inclusive lower bound of `created_at`. */
  from?: string;
  /** Exclusive upper bound of `created_at`. */
  to?: string;
  /** `next_cursor` of the previous page. */
  cursor?: string;
  limit: number;
}

export interface AuditLogPage {
  items: AuditLogRecord[];
  /** Null on the last page. */
  next_cursor: string | null;
}

/**
 * A page of the audit trail, newest first (`GET /audit-logs`), keyset-paginated on
 * (created_at, id). Readable by the admins of a workspace (`settings.manage`) and by super
 * members, within what they can see: RLS filters the rows, the code checks answer clearly.
 * `PERMISSION_DENIED` without either, `WORKSPACE_FORBIDDEN` for a workspace not visible.
 */
export async function listAuditLogs(db: Db, input: ListAuditLogsInput): Promise<AuditLogPage> {
  const { actor } = input;
  const cursor = input.cursor === undefined ? null : decodeAuditLogCursor(input.cursor);
  return db.withWorkspace(actor, async (tx) => {
    await requireAuditReader(tx, actor, input.workspaceId);
    const { rows } = await tx.query<AuditLogRecord>(
      `select id, workspace_id, actor_user_id, impersonator_user_id, action, target_type, target_id,
              metadata_json, correlation_id,
              to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_at
         from public.audit_logs
        where ($1::uuid is null or workspace_id = $1)
          and ($2::text is null or action = $2)
          and ($3::uuid is null or actor_user_id = $3)
          and ($4::text is null or target_type = $4)
          and ($5::text is null or target_id = $5)
          and ($6::timestamptz is null or created_at >= $6)
          and ($7::timestamptz is null or created_at < $7)
          and ($8::timestamptz is null or (created_at, id) < ($8::timestamptz, $9::uuid))
        order by created_at desc, id desc
        limit $10`,
      [
        input.workspaceId ?? null,
        input.action ?? null,
        input.actorUserId ?? null,
        input.targetType ?? null,
        input.targetId ?? null,
        input.from ?? null,
        input.to ?? null,
        cursor?.createdAt ?? null,
        cursor?.id ?? null,
        input.limit + 1,
      ],
    );
    const items = rows.slice(0, input.limit);
    const last = items.at(-1);
    const next_cursor =
      rows.length > input.limit && last
        ? encodeAuditLogCursor({ createdAt: last.created_at, id: last.id })
        : null;
    return { items, next_cursor };
  });
}

/**
 * Code check in front of the RLS policy `audit_logs_select_settings_manage_or_super`: the
 * actor holds `settings.manage` (in the workspace asked for, when one is) or is super.
 */
async function requireAuditReader(
  tx: Tx,
  actor: WorkspaceContext,
  workspaceId: string | undefined,
): Promise<void> {
  if (workspaceId !== undefined) {
    const access = await (await loadActorView(tx, actor)).accessTo(workspaceId);
    if (!access) throw workspaceForbidden(workspaceId);
    if (access.capabilities.includes('settings.manage')) return;
  } else if (actor.permissions.includes('settings.manage')) {
    return;
  }
  const { rows } = await tx.query<{ super: boolean }>('select (select shell.is_super()) as super');
  if (rows[0]?.super) return;
  throw permissionDenied('settings.manage', 'reading the audit log (without being super)');
}

import { asServiceRole, type Db, type Tx } from '@aiconnected/db';
import type { WorkspaceContext } from '@aiconnected/sdk-contracts';
import { loadActorView } from '../users/load-actor-view';
import { permissionDenied, workspaceForbidden } from '../users/user-errors';
import { decodeAuditLogCursor, encodeAuditLogCursor } from './audit-log-cursor';

/** A person an audit row names, as its readers see them. */
export interface AuditLogPerson {
  id: string;
  email: string;
  display_name: string | null;
}

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
  /** The user `actor_user_id` names; null for system actions. */
  actor: AuditLogPerson | null;
  /** The user `impersonator_user_id` names; null when not impersonating. */
  impersonator: AuditLogPerson | null;
  /** The user `target_id` names when `target_type` is `user` and the user still exists. */
  target_user: AuditLogPerson | null;
}

type AuditLogRow = Omit<AuditLogRecord, 'actor' | 'impersonator' | 'target_user'>;
type AuditLogPeople = Pick<AuditLogRecord, 'id' | 'actor' | 'impersonator' | 'target_user'>;

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
 * (created_at, id), each row with the people it names (actor, impersonator, target user).
 * Readable by the admins of a workspace (`settings.manage`) and by super members, within what
 * they can see: RLS filters the rows, the code checks answer clearly. `PERMISSION_DENIED`
 * without either, `WORKSPACE_FORBIDDEN` for a workspace not visible.
 */
export async function listAuditLogs(db: Db, input: ListAuditLogsInput): Promise<AuditLogPage> {
  const { actor } = input;
  const cursor = input.cursor === undefined ? null : decodeAuditLogCursor(input.cursor);
  return db.withWorkspace(actor, async (tx) => {
    await requireAuditReader(tx, actor, input.workspaceId);
    const { rows } = await tx.query<AuditLogRow>(
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
    const page = rows.slice(0, input.limit);
    const people = await loadAuditLogPeople(
      tx,
      page.map((row) => row.id),
    );
    const items = page.map((row) => ({
      ...row,
      actor: people.get(row.id)?.actor ?? null,
      impersonator: people.get(row.id)?.impersonator ?? null,
      target_user: people.get(row.id)?.target_user ?? null,
    }));
    const last = items.at(-1);
    const next_cursor =
      rows.length > input.limit && last
        ? encodeAuditLogCursor({ createdAt: last.created_at, id: last.id })
        : null;
    return { items, next_cursor };
  });
}

/**
 * The people the rows `ids` name, by row id: one join, as the service, because the users
 * table's RLS hides people the reader does not manage (an agency admin cannot read the super
 * operator who impersonated into its business). Only the ids of rows RLS has just shown the
 * reader are joined, so nothing becomes visible beyond those rows' own people.
 */
async function loadAuditLogPeople(tx: Tx, ids: string[]): Promise<Map<string, AuditLogPeople>> {
  if (ids.length === 0) return new Map();
  const { rows } = await asServiceRole(tx, 'identity: name the people of visible audit rows', () =>
    tx.query<AuditLogPeople>(
      `select a.id,
              case when actor.id is null then null else
                json_build_object('id', actor.id, 'email', actor.email, 'display_name', actor.display_name)
              end as actor,
              case when impersonator.id is null then null else
                json_build_object('id', impersonator.id, 'email', impersonator.email,
                                  'display_name', impersonator.display_name)
              end as impersonator,
              case when target.id is null then null else
                json_build_object('id', target.id, 'email', target.email, 'display_name', target.display_name)
              end as target_user
         from public.audit_logs a
         left join public.users actor on actor.id = a.actor_user_id
         left join public.users impersonator on impersonator.id = a.impersonator_user_id
         left join public.users target
                on a.target_type = 'user'
               and target.id = case
                     when a.target_id ~* '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$' then a.target_id::uuid
                   end
        where a.id = any($1::uuid[])`,
      [ids],
    ),
  );
  return new Map(rows.map((row) => [row.id, row]));
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

import { asServiceRole, type Db, type Tx } from '@aiconnected/db';
import {
  type AuditAction,
  type AuditLogEntry,
  type AuditLogPage,
  ShellError,
  type WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import { loadActorView, permissionDenied, requireWorkspaceAccess } from '@aiconnected/access';
import { decodeAuditLogCursor, encodeAuditLogCursor } from './audit-log-cursor';

type AuditLogRow = Omit<AuditLogEntry, 'actor' | 'impersonator' | 'target_user'>;
type AuditLogPeople = Pick<AuditLogEntry, 'id' | 'actor' | 'impersonator' | 'target_user'>;

export interface ListAuditLogsInput {
  actor: WorkspaceContext;
  /** One workspace; without it, every workspace whose log the actor may read. */
  workspaceId?: string;
  action?: AuditAction;
  actorUserId?: string;
  targetType?: string;
  targetId?: string;
  /** Inclusive lower bound of `created_at`. */
  from?: string;
  /** Exclusive upper bound of `created_at`; not before `from` (`VALIDATION_BLOCKING`). */
  to?: string;
  /** `next_cursor` of the previous page. */
  cursor?: string;
  limit: number;
}

/**
 * A page of the audit trail, newest first (`GET /audit-logs`), keyset-paginated on
 * (created_at, id), each row with the people it names (actor, impersonator, target user) as
 * they were when it was written. Readable by the admins of a workspace (`settings.manage`)
 * and by super members, within what they can see: RLS filters the rows, the code checks
 * answer clearly. `PERMISSION_DENIED` without either, `WORKSPACE_FORBIDDEN` for a workspace
 * not visible, `VALIDATION_BLOCKING` for a `from` later than `to`.
 *
 * An impersonation start or stop is written twice, in the actor's and in the target's
 * workspace, so the admins of each see it. Across workspaces (no `workspace_id`) a reader who
 * sees both copies gets one event: the target's copy is left out when the actor's is visible.
 */
export async function listAuditLogs(db: Db, input: ListAuditLogsInput): Promise<AuditLogPage> {
  const { actor } = input;
  requireOrderedRange(input.from, input.to);
  const cursor = input.cursor === undefined ? null : decodeAuditLogCursor(input.cursor);
  return db.withWorkspace(actor, async (tx) => {
    const platform = await requireAuditReader(tx, actor, input.workspaceId);
    const { rows } = await tx.query<AuditLogRow>(platform ? PLATFORM_PAGE : SCOPED_PAGE, [
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
    ]);
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
 * The people the rows `ids` name, by row id: the snapshot the row keeps
 * (`metadata_json.people`, migration 021), else (rows written before it) the user as they are
 * now. One query as the service, because the users table's RLS hides people the reader does
 * not manage (an agency admin cannot read the super operator who impersonated into its
 * business). Only the ids of rows RLS has just shown the reader are read, so nothing becomes
 * visible beyond those rows' own people.
 */
async function loadAuditLogPeople(tx: Tx, ids: string[]): Promise<Map<string, AuditLogPeople>> {
  if (ids.length === 0) return new Map();
  const { rows } = await asServiceRole(tx, 'identity: name the people of visible audit rows', () =>
    tx.query<AuditLogPeople>(
      `with row_people as (
         select a.id, a.metadata_json -> 'people' as people, a.actor_user_id, a.impersonator_user_id,
                case
                  when a.target_type = 'user' and a.target_id ~* $2 then a.target_id::uuid
                  when a.metadata_json ->> 'user_id' ~* $2 then (a.metadata_json ->> 'user_id')::uuid
                end as target_user_id
           from public.audit_logs a
          where a.id = any($1::uuid[]))
       select r.id,
              coalesce(r.people -> 'actor', (select ${PERSON} from public.users u where u.id = r.actor_user_id)) as actor,
              coalesce(r.people -> 'impersonator',
                       (select ${PERSON} from public.users u where u.id = r.impersonator_user_id)) as impersonator,
              coalesce(r.people -> 'target_user',
                       (select ${PERSON} from public.users u where u.id = r.target_user_id)) as target_user
         from row_people r`,
      [ids, UUID_PATTERN],
    ),
  );
  return new Map(rows.map((row) => [row.id, row]));
}

/** The columns of an `AuditLogRow` (created_at with microseconds, as text). */
const COLUMNS = `a.id, a.workspace_id, a.actor_user_id, a.impersonator_user_id, a.action, a.target_type,
  a.target_id, a.metadata_json, a.correlation_id,
  to_char(a.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_at`;

/** The filters ($1-$9) of a page, on `a`; the impersonation twin is left out across workspaces. */
const FILTERS = `($1::uuid is null or a.workspace_id = $1)
  and ($2::text is null or a.action = $2)
  and ($3::uuid is null or a.actor_user_id = $3)
  and ($4::text is null or a.target_type = $4)
  and ($5::text is null or a.target_id = $5)
  and ($6::timestamptz is null or a.created_at >= $6)
  and ($7::timestamptz is null or a.created_at < $7)
  and ($8::timestamptz is null or (a.created_at, a.id) < ($8::timestamptz, $9::uuid))
  and not ($1::uuid is null
           and a.action in ('impersonation.start', 'impersonation.stop')
           and a.workspace_id::text = a.metadata_json #>> '{impersonation,target_workspace_id}'
           and exists (
             select 1 from public.audit_logs twin
              where twin.actor_user_id = a.actor_user_id
                and twin.created_at = a.created_at
                and twin.action = a.action
                and twin.correlation_id is not distinct from a.correlation_id
                and twin.workspace_id::text =
                    a.metadata_json #>> '{impersonation,actor_workspace_id}'))`;

/**
 * In platform scope every row is readable: the (created_at, id) index supplies the page
 * directly, and RLS short-circuits (migration 023).
 */
const PLATFORM_PAGE = `select ${COLUMNS} from public.audit_logs a
  where ${FILTERS}
  order by a.created_at desc, a.id desc
  limit $10`;

/**
 * Elsewhere, the newest rows of each workspace the reader can see (RLS narrows them to those
 * it may read), each from the (workspace_id, created_at, id) index, merged: a page reads at
 * most a page per visible workspace, however long each trail is.
 */
const SCOPED_PAGE = `select p.id, p.workspace_id, p.actor_user_id, p.impersonator_user_id, p.action,
       p.target_type, p.target_id, p.metadata_json, p.correlation_id, p.created_at
  from unnest((select shell.visible_workspace_ids())::uuid[]) as v(workspace_id)
  cross join lateral (
    select ${COLUMNS}, a.created_at as position from public.audit_logs a
     where a.workspace_id = v.workspace_id and ${FILTERS}
     order by a.created_at desc, a.id desc
     limit $10) p
  order by p.position desc, p.id desc
  limit $10`;

/** A user row as the JSON of an `AuditLogPerson`. */
const PERSON = "jsonb_build_object('id', u.id, 'email', u.email, 'display_name', u.display_name)";
const UUID_PATTERN = '^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$';

/** `VALIDATION_BLOCKING` when the range's start is later than its end. */
function requireOrderedRange(from: string | undefined, to: string | undefined): void {
  if (from === undefined || to === undefined || Date.parse(from) <= Date.parse(to)) return;
  throw new ShellError('VALIDATION_BLOCKING', `audit log range from ${from} after to ${to}`, {
    userMessage: 'The start of the period must not be later than its end.',
    details: { issues: [{ path: 'query.from', message: 'Must not be later than `to`' }] },
  });
}

/**
 * Code check in front of the RLS policy `audit_logs_select_settings_manage_or_super`: the
 * actor holds `settings.manage` (in the workspace asked for, when one is) or is super.
 * Answers whether the actor reads in platform scope (the whole trail).
 */
async function requireAuditReader(
  tx: Tx,
  actor: WorkspaceContext,
  workspaceId: string | undefined,
): Promise<boolean> {
  const { rows } = await tx.query<{ super: boolean; platform: boolean }>(
    'select (select shell.is_super()) as super, (select shell.in_platform_scope()) as platform',
  );
  const platform = rows[0]?.platform === true;
  if (workspaceId !== undefined) {
    const access = await requireWorkspaceAccess(await loadActorView(tx, actor), workspaceId);
    if (access.capabilities.includes('settings.manage')) return platform;
  } else if (actor.permissions.includes('settings.manage')) {
    return platform;
  }
  if (rows[0]?.super) return platform;
  throw permissionDenied('settings.manage', 'reading the audit log (without being super)');
}

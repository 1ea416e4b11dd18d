import pg from 'pg';

/** The size of the large tree, on top of the demo tree. */
export const LARGE_TREE = {
  agencies: 2000,
  /** Every tenth agency has one more (22,206 workspaces with the demo tree's six). */
  businessesPerAgency: 10,
  /** Users per generated workspace (admin, manager, user), one membership and session each. */
  usersPerWorkspace: 3,
  auditRows: 1_000_000,
} as const;

export interface LargeTreeCounts {
  workspaces: number;
  users: number;
  memberships: number;
  sessions: number;
  auditRows: number;
  seconds: number;
}

/**
 * Set-based statements, one per table. Run as the database owner with triggers and foreign
 * keys off (`session_replication_role = replica`): the rows are consistent by construction,
 * and per-row triggers (parent, role-scope, audit people snapshot) would take minutes for
 * a million rows. Audit rows therefore carry no `people` snapshot: readers name their
 * people from the users table, as for rows written before migration 021.
 */
const GROW_STATEMENTS = [
  'set local session_replication_role = replica',
  `insert into public.workspaces (type, parent_workspace_id, name, slug, created_at)
   select 'agency', (select id from public.workspaces where type = 'super'),
          'Scale Agency ' || g, 'scale-agency-' || g, now() - make_interval(mins => g)
     from generate_series(1, ${LARGE_TREE.agencies}) g`,
  `insert into public.workspaces (type, parent_workspace_id, name, slug, created_at)
   select 'business', a.id, 'Business ' || b, a.slug || '-business-' || b, a.created_at
     from public.workspaces a cross join generate_series(1, ${LARGE_TREE.businessesPerAgency} + 1) b
    where a.slug like 'scale-agency-%'
      and (b <= ${LARGE_TREE.businessesPerAgency} or a.slug like '%0')`,
  `create temporary table scale_workspaces on commit drop as
   select row_number() over (order by w.id) as n, w.id, w.type
     from public.workspaces w where w.slug like 'scale-agency-%'`,
  `insert into public.users (email, status, display_name, created_at)
   select 'scale-' || s.n || '-' || r || '@large.local', 'active', 'Scale User ' || s.n || '.' || r,
          now() - make_interval(mins => s.n::int)
     from scale_workspaces s cross join generate_series(1, ${LARGE_TREE.usersPerWorkspace}) r`,
  `insert into public.workspace_memberships (workspace_id, user_id, role_template)
   select s.id, u.id,
          s.type || (array['_admin', '_manager', '_user'])[r]
     from scale_workspaces s cross join generate_series(1, ${LARGE_TREE.usersPerWorkspace}) r
     join public.users u on u.email = 'scale-' || s.n || '-' || r || '@large.local'`,
  `insert into public.sessions (token_hash, user_id, active_workspace_id, expires_at)
   select encode(sha256(convert_to('scale-session-' || m.user_id, 'UTF8')), 'hex'), m.user_id,
          m.workspace_id, now() + interval '30 days'
     from public.workspace_memberships m join scale_workspaces s on s.id = m.workspace_id`,
  `create temporary table scale_actors on commit drop as
   select s.n, s.id as workspace_id, m.user_id
     from scale_workspaces s
     join public.workspace_memberships m on m.workspace_id = s.id and m.role_template like '%\\_admin'`,
  `insert into public.audit_logs (workspace_id, actor_user_id, action, target_type, target_id,
                                  metadata_json, created_at)
   select a.workspace_id, a.user_id,
          (array['user.profile_update', 'auth.sign_in', 'membership.update', 'user.invite'])[1 + g % 4],
          'workspace', a.workspace_id::text, '{}'::jsonb,
          now() - make_interval(secs => g * 3.7 + (g % 997) / 1000.0)
     from generate_series(1, ${LARGE_TREE.auditRows}) g
     join scale_actors a on a.n = 1 + g % (select count(*) from scale_actors)`,
];

/**
 * Grows the demo tree into the large tree in one transaction of set-based INSERT ... SELECT
 * generate_series statements (about a minute), then ANALYZEs, and counts what is there.
 * `url` must be the owner's connection (the bench database's), not the app's role.
 */
export async function growLargeTree(url: string): Promise<LargeTreeCounts> {
  const started = Date.now();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('begin');
    for (const statement of GROW_STATEMENTS) await client.query(statement);
    await client.query('commit');
    await client.query('analyze');
    const { rows } = await client.query<Omit<LargeTreeCounts, 'seconds'>>(
      `select (select count(*)::int from public.workspaces) as workspaces,
              (select count(*)::int from public.users) as users,
              (select count(*)::int from public.workspace_memberships) as memberships,
              (select count(*)::int from public.sessions) as sessions,
              (select count(*)::int from public.audit_logs) as "auditRows"`,
    );
    const counts = rows[0];
    if (!counts) throw new Error('the large tree could not be counted');
    return { ...counts, seconds: (Date.now() - started) / 1000 };
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

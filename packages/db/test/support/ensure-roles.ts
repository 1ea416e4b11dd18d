import type pg from 'pg';

/**
 * Creates the Supabase roles when missing (migration 001 does the same on the template).
 * Roles are cluster-wide and shared by parallel test files, so creation races are expected
 * and a role that appeared meanwhile counts as success; they are never dropped.
 */
export async function ensureSupabaseRoles(pool: pg.Pool): Promise<void> {
  for (const [role, attributes] of [
    ['anon', 'nologin'],
    ['authenticated', 'nologin'],
    ['service_role', 'nologin bypassrls'],
  ] as const) {
    try {
      await pool.query(
        `do $$ begin
           if not exists (select 1 from pg_roles where rolname = '${role}') then
             create role ${role} ${attributes};
           end if;
         end $$`,
      );
    } catch (error) {
      // 42710 duplicate_object / 23505 unique_violation: another file created it first.
      const code = (error as { code?: string } | null)?.code;
      if (code !== '42710' && code !== '23505') throw error;
    }
  }
}

-- 012_rls_policies.down.sql
-- Purpose: undo 012 in staging validation (PRD §12.6): drop every policy of 012, disable
--   row-level security on the tables of 001–011, revoke the privileges 012 granted
--   (authenticated, service_role, anon) and USAGE on schema shell, and drop the helpers.
-- Pre-check: 013 is undone (no seeded role templates left), 014 is undone and 016 was never
--   applied (its policies call these helpers); 012's helpers exist.
-- Post-check: no policy and no RLS flag remains on the tables of 001–011, the helpers are
--   gone, and authenticated/service_role/anon hold no privilege on those tables.
-- Failure handling: the runner's transaction rolls back and nothing changes; undo the later
--   migrations first and re-run. Never in production: 012 is forward-only there; fix a
--   policy defect with a superseding corrective migration instead.

DO $$
BEGIN
  IF to_regclass('public.workspace_domains') IS NOT NULL THEN
    RAISE EXCEPTION '012 down pre-check failed: 014 tables still exist; undo 014 first';
  END IF;
  IF to_regclass('public.sdk_contract_versions') IS NOT NULL THEN
    RAISE EXCEPTION '012 down pre-check failed: public.sdk_contract_versions (016, forward-only) exists and its policies use the 012 helpers';
  END IF;
  IF EXISTS (SELECT 1 FROM public.roles WHERE code IN ('super_admin', 'agency_admin', 'business_admin')) THEN
    RAISE EXCEPTION '012 down pre-check failed: seeded role templates exist; undo 013 first';
  END IF;
  IF to_regprocedure('shell.visible_workspace_ids()') IS NULL OR to_regprocedure('shell.claims()') IS NULL THEN
    RAISE EXCEPTION '012 down pre-check failed: 012 helpers missing (012 not applied?)';
  END IF;
END $$;

-- Drops every policy on the tables of 001–011 (012 created all of them) and turns RLS off.
DO $$
DECLARE
  pol record;
  tbl text;
BEGIN
  FOR pol IN
    SELECT p.tablename, p.policyname
      FROM pg_catalog.pg_policies p
     WHERE p.schemaname = 'public'
       AND p.tablename = ANY (ARRAY['users', 'workspaces', 'roles', 'permissions', 'role_permissions',
             'workspace_memberships', 'membership_permissions', 'themes', 'layout_definitions', 'layout_versions',
             'module_registry', 'module_installations', 'events', 'audit_logs', 'integration_connections',
             'ai_jobs', 'ai_job_state_transitions', 'billing_accounts', 'subscriptions', 'contacts'])
  LOOP
    EXECUTE format('DROP POLICY %I ON public.%I', pol.policyname, pol.tablename);
  END LOOP;
  FOREACH tbl IN ARRAY ARRAY['users', 'workspaces', 'roles', 'permissions', 'role_permissions',
             'workspace_memberships', 'membership_permissions', 'themes', 'layout_definitions', 'layout_versions',
             'module_registry', 'module_installations', 'events', 'audit_logs', 'integration_connections',
             'ai_jobs', 'ai_job_state_transitions', 'billing_accounts', 'subscriptions', 'contacts']
  LOOP
    EXECUTE format('ALTER TABLE public.%I NO FORCE ROW LEVEL SECURITY', tbl);
    EXECUTE format('ALTER TABLE public.%I DISABLE ROW LEVEL SECURITY', tbl);
  END LOOP;
END $$;

REVOKE ALL ON
  public.users, public.workspaces, public.roles, public.permissions, public.role_permissions,
  public.workspace_memberships, public.membership_permissions, public.themes, public.layout_definitions,
  public.layout_versions, public.module_registry, public.module_installations, public.events,
  public.audit_logs, public.integration_connections, public.ai_jobs, public.ai_job_state_transitions,
  public.billing_accounts, public.subscriptions, public.contacts
  FROM anon, authenticated, service_role;

REVOKE USAGE ON SCHEMA shell FROM authenticated, service_role;

-- can_manage_user and has_platform_permission call workspaces_with_permission, which calls
-- visible_workspace_ids: drop callers first (SQL function bodies record no dependencies).
DROP FUNCTION shell.can_manage_user(uuid);
DROP FUNCTION shell.has_platform_permission(text);
DROP FUNCTION shell.workspaces_with_permission(text);
DROP FUNCTION shell.visible_workspace_ids();
DROP FUNCTION shell.is_super();
DROP FUNCTION shell.claimed_permissions();
DROP FUNCTION shell.current_workspace_id();
DROP FUNCTION shell.current_user_id();
DROP FUNCTION shell.claims();

DO $$
DECLARE
  problems text;
BEGIN
  SELECT string_agg(t, ', ') INTO problems
    FROM unnest(ARRAY['users', 'workspaces', 'roles', 'permissions', 'role_permissions',
             'workspace_memberships', 'membership_permissions', 'themes', 'layout_definitions', 'layout_versions',
             'module_registry', 'module_installations', 'events', 'audit_logs', 'integration_connections',
             'ai_jobs', 'ai_job_state_transitions', 'billing_accounts', 'subscriptions', 'contacts']) AS t
    JOIN pg_catalog.pg_class c ON c.oid = to_regclass('public.' || t)
   WHERE c.relrowsecurity OR c.relforcerowsecurity
      OR EXISTS (SELECT 1 FROM pg_catalog.pg_policies p WHERE p.schemaname = 'public' AND p.tablename = t)
      OR has_table_privilege('authenticated', c.oid, 'SELECT, INSERT, UPDATE, DELETE')
      OR has_any_column_privilege('authenticated', c.oid, 'SELECT, INSERT, UPDATE')
      OR has_table_privilege('anon', c.oid, 'SELECT, INSERT, UPDATE, DELETE')
      OR has_table_privilege('service_role', c.oid, 'SELECT, INSERT, UPDATE, DELETE');
  IF problems IS NOT NULL THEN
    RAISE EXCEPTION '012 down post-check failed: RLS, policies or privileges remain on %', problems;
  END IF;
  SELECT string_agg(f, ', ') INTO problems
    FROM unnest(ARRAY['shell.claims()', 'shell.current_user_id()', 'shell.current_workspace_id()',
                      'shell.claimed_permissions()', 'shell.is_super()', 'shell.visible_workspace_ids()',
                      'shell.workspaces_with_permission(text)', 'shell.has_platform_permission(text)',
                      'shell.can_manage_user(uuid)']) AS f
   WHERE to_regprocedure(f) IS NOT NULL;
  IF problems IS NOT NULL THEN
    RAISE EXCEPTION '012 down post-check failed: helper functions remain: %', problems;
  END IF;
END $$;

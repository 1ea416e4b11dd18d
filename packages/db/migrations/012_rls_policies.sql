-- 012_rls_policies.sql
-- Purpose: row-level security for every table of 001–011 (PRD §12.4; docs/tenancy-and-rls.md):
--   * RLS enabled AND forced on each table (the owner is a superuser/BYPASSRLS role, 001).
--   * Privileges: `anon` none at all; `authenticated` exactly what its policies need (table,
--     or column lists where a policy cannot stop a column from changing); `service_role` ALL
--     (it bypasses RLS; append-only and immutability triggers still apply to it).
--   * Helper functions in schema `shell` (claims, current user/workspace, claimed permissions,
--     is_super, visible_workspace_ids, workspaces_with_permission, has_platform_permission,
--     can_manage_user); the ones that read tables are SECURITY DEFINER with a threat note.
--   * One policy per command, `TO authenticated`, calling the helpers as `(select shell.fn())`
--     so each is evaluated once per statement.
-- Pre-check: 011 is applied (all 20 tables of 001–011 exist); the helpers do not exist yet.
-- Post-check: every table has RLS enabled and forced and its expected policies (all TO
--   authenticated); anon holds no privilege on any of them; authenticated holds no UPDATE or
--   DELETE on events, audit_logs, layout_versions, ai_job_state_transitions; service_role
--   holds all; the helpers exist and PUBLIC/anon cannot execute the SECURITY DEFINER ones.
-- Failure handling: the runner's transaction rolls back; nothing applied; fix and re-run.
--   Forward-only in production (PRD §12.6): once applied there, never edit or undo it;
--   supersede it with a corrective migration. The down file is for staging validation only.

DO $$
DECLARE
  missing text;
BEGIN
  SELECT string_agg(t, ', ') INTO missing
    FROM unnest(ARRAY['users', 'workspaces', 'roles', 'permissions', 'role_permissions', 'workspace_memberships',
                      'membership_permissions', 'themes', 'layout_definitions', 'layout_versions', 'module_registry',
                      'module_installations', 'events', 'audit_logs', 'integration_connections', 'ai_jobs',
                      'ai_job_state_transitions', 'billing_accounts', 'subscriptions', 'contacts']) AS t
   WHERE to_regclass('public.' || t) IS NULL;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION '012 pre-check failed: tables of 001–011 missing: %', missing;
  END IF;
  IF to_regprocedure('shell.claims()') IS NOT NULL OR to_regprocedure('shell.visible_workspace_ids()') IS NOT NULL THEN
    RAISE EXCEPTION '012 pre-check failed: RLS helper functions already exist (012 already applied?)';
  END IF;
END $$;

-- Helper functions

CREATE FUNCTION shell.claims()
RETURNS jsonb
LANGUAGE sql
STABLE
SET search_path = ''
AS $$
  SELECT coalesce(nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::jsonb, '{}'::jsonb)
$$;
COMMENT ON FUNCTION shell.claims() IS 'The transaction''s request.jwt.claims as jsonb ({} when unset).';

CREATE FUNCTION shell.current_user_id()
RETURNS uuid
LANGUAGE sql
STABLE
SET search_path = ''
AS $$
  SELECT nullif(shell.claims() ->> 'sub', '')::uuid
$$;
COMMENT ON FUNCTION shell.current_user_id() IS 'Claims sub as uuid, or null.';

CREATE FUNCTION shell.current_workspace_id()
RETURNS uuid
LANGUAGE sql
STABLE
SET search_path = ''
AS $$
  SELECT nullif(shell.claims() ->> 'workspace_id', '')::uuid
$$;
COMMENT ON FUNCTION shell.current_workspace_id() IS 'Claims workspace_id (the active workspace) as uuid, or null.';

CREATE FUNCTION shell.claimed_permissions()
RETURNS text[]
LANGUAGE sql
STABLE
SET search_path = ''
AS $$
  SELECT CASE
    WHEN pg_catalog.jsonb_typeof(shell.claims() -> 'permissions') = 'array'
      THEN ARRAY(SELECT pg_catalog.jsonb_array_elements_text(shell.claims() -> 'permissions'))
    ELSE '{}'::text[]
  END
$$;
COMMENT ON FUNCTION shell.claimed_permissions() IS 'Claims permissions as text[] (empty when unset).';

-- Threat note (SECURITY DEFINER): reads users, memberships and workspaces without RLS so
-- policies on those tables do not recurse. It only answers about the caller's own claimed
-- user id; it takes no arguments, so it cannot be used to probe other users.
CREATE FUNCTION shell.is_super()
RETURNS boolean
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $$
  SELECT EXISTS (
    SELECT 1
      FROM public.users u
      JOIN public.workspace_memberships m ON m.user_id = u.id AND m.active
      JOIN public.workspaces w ON w.id = m.workspace_id AND w.type = 'super'
     WHERE u.id = shell.current_user_id()
       AND u.status = 'active'
  )
$$;
COMMENT ON FUNCTION shell.is_super() IS
  'The current user is active and holds an active membership in the super workspace.';

-- Threat note (SECURITY DEFINER): reads users, memberships and workspaces without RLS (the
-- policies of those tables call it, so it must not recurse). The result depends only on the
-- caller's own claims (sub, workspace_id) and the database's memberships: a forged
-- workspace_id without a governing membership yields an empty set.
CREATE FUNCTION shell.visible_workspace_ids()
RETURNS uuid[]
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $$
  WITH active_workspace AS (
    SELECT w.id, w.type, w.parent_workspace_id
      FROM public.workspaces w
     WHERE w.id = shell.current_workspace_id()
  ),
  -- Governing memberships of the active workspace for the current, active user.
  governing AS (
    SELECT m.role_template, mw.type AS membership_workspace_type
      FROM active_workspace a
      JOIN public.users u ON u.id = shell.current_user_id() AND u.status = 'active'
      JOIN public.workspace_memberships m ON m.user_id = u.id AND m.active
      JOIN public.workspaces mw ON mw.id = m.workspace_id
     WHERE m.workspace_id = a.id
        OR (a.type = 'business' AND m.workspace_id = a.parent_workspace_id
            AND m.role_template IN ('agency_admin', 'agency_manager'))
        OR mw.type = 'super'
  )
  SELECT coalesce((
    SELECT CASE
      WHEN a.type = 'super' THEN ARRAY(SELECT w.id FROM public.workspaces w)
      WHEN a.type = 'agency' AND EXISTS (
             SELECT 1 FROM governing g
              WHERE g.membership_workspace_type = 'super'
                 OR g.role_template IN ('agency_admin', 'agency_manager'))
        THEN ARRAY(SELECT a.id
                   UNION ALL
                   SELECT c.id FROM public.workspaces c
                    WHERE c.parent_workspace_id = a.id AND c.type = 'business')
      ELSE ARRAY[a.id]
    END
      FROM active_workspace a
     WHERE EXISTS (SELECT 1 FROM governing)
  ), '{}'::uuid[])
$$;
COMMENT ON FUNCTION shell.visible_workspace_ids() IS
  'Workspaces the current request may read (docs/tenancy-and-rls.md "Visible workspaces").';

-- Threat note (SECURITY DEFINER): reads memberships, overrides and role maps without RLS.
-- `cap` only selects which capability to test; the answer is limited to workspaces visible
-- to the caller's own claims, and requires the capability both in the claims and in the
-- database, so neither a forged claim nor a stale membership widens access.
CREATE FUNCTION shell.workspaces_with_permission(cap text)
RETURNS uuid[]
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $$
  WITH my_memberships AS (
    SELECT m.id, m.workspace_id, m.role_template, mw.type AS workspace_type
      FROM public.workspace_memberships m
      JOIN public.workspaces mw ON mw.id = m.workspace_id
     WHERE m.user_id = shell.current_user_id() AND m.active
  ),
  -- The caller's memberships whose effective capabilities include cap: role template
  -- capabilities plus allow overrides, minus deny overrides.
  granting AS MATERIALIZED (
    SELECT mm.workspace_id, mm.role_template, mm.workspace_type
      FROM my_memberships mm
     WHERE NOT EXISTS (
             SELECT 1 FROM public.membership_permissions mp
               JOIN public.permissions p ON p.id = mp.permission_id
              WHERE mp.membership_id = mm.id AND p.code = cap AND NOT mp.allow)
       AND (EXISTS (
             SELECT 1 FROM public.roles r
               JOIN public.role_permissions rp ON rp.role_id = r.id
               JOIN public.permissions p ON p.id = rp.permission_id
              WHERE r.code = mm.role_template AND p.code = cap)
         OR EXISTS (
             SELECT 1 FROM public.membership_permissions mp
               JOIN public.permissions p ON p.id = mp.permission_id
              WHERE mp.membership_id = mm.id AND p.code = cap AND mp.allow))
  )
  SELECT coalesce(array_agg(w.id), '{}'::uuid[])
    FROM public.workspaces w
   WHERE w.id = ANY ((SELECT shell.visible_workspace_ids())::uuid[])
     AND cap = ANY ((SELECT shell.claimed_permissions())::text[])
     AND EXISTS (
           SELECT 1 FROM granting g
            WHERE g.workspace_id = w.id
               OR (w.type = 'business' AND g.workspace_id = w.parent_workspace_id
                   AND g.role_template IN ('agency_admin', 'agency_manager'))
               OR g.workspace_type = 'super')
$$;
COMMENT ON FUNCTION shell.workspaces_with_permission(text) IS
  'Visible workspaces where cap is both claimed and granted by a governing membership.';

-- Threat note (SECURITY DEFINER): as workspaces_with_permission, for global tables: the
-- caller must be an active super member whose super membership grants cap, and cap must be
-- claimed. Answers only about the caller.
CREATE FUNCTION shell.has_platform_permission(cap text)
RETURNS boolean
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $$
  SELECT cap = ANY (shell.claimed_permissions())
     AND EXISTS (
           SELECT 1
             FROM public.users u
             JOIN public.workspace_memberships m ON m.user_id = u.id AND m.active
             JOIN public.workspaces w ON w.id = m.workspace_id AND w.type = 'super'
            WHERE u.id = shell.current_user_id()
              AND u.status = 'active'
              AND NOT EXISTS (
                    SELECT 1 FROM public.membership_permissions mp
                      JOIN public.permissions p ON p.id = mp.permission_id
                     WHERE mp.membership_id = m.id AND p.code = cap AND NOT mp.allow)
              AND (EXISTS (
                    SELECT 1 FROM public.roles r
                      JOIN public.role_permissions rp ON rp.role_id = r.id
                      JOIN public.permissions p ON p.id = rp.permission_id
                     WHERE r.code = m.role_template AND p.code = cap)
                OR EXISTS (
                    SELECT 1 FROM public.membership_permissions mp
                      JOIN public.permissions p ON p.id = mp.permission_id
                     WHERE mp.membership_id = m.id AND p.code = cap AND mp.allow)))
$$;
COMMENT ON FUNCTION shell.has_platform_permission(text) IS
  'The current user is super, cap is claimed, and the super membership grants it.';

-- Threat note (SECURITY DEFINER): reads the target user's memberships without RLS, because
-- memberships outside the caller's scope must count against it. Returns only a boolean
-- about the caller's own authority; no membership data leaves the function.
CREATE FUNCTION shell.can_manage_user(target_user_id uuid)
RETURNS boolean
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $$
  WITH allowed AS MATERIALIZED (SELECT shell.workspaces_with_permission('users.manage') AS ids)
  SELECT EXISTS (SELECT 1 FROM public.workspace_memberships m WHERE m.user_id = target_user_id)
     AND NOT EXISTS (
           SELECT 1
             FROM public.workspace_memberships m, allowed
            WHERE m.user_id = target_user_id
              AND NOT (m.workspace_id = ANY (allowed.ids)))
$$;
COMMENT ON FUNCTION shell.can_manage_user(uuid) IS
  'users.manage covers every workspace the target user belongs to (users are global rows).';

REVOKE ALL ON ALL FUNCTIONS IN SCHEMA shell FROM PUBLIC;
DO $$
BEGIN
  -- Supabase's default privileges may have granted anon EXECUTE on new functions.
  EXECUTE (SELECT 'REVOKE ALL ON FUNCTION ' || string_agg(p.oid::regprocedure::text, ', ') || ' FROM anon'
             FROM pg_catalog.pg_proc p WHERE p.pronamespace = 'shell'::regnamespace);
END $$;
GRANT USAGE ON SCHEMA shell TO authenticated, service_role;
GRANT EXECUTE ON FUNCTION
  shell.claims(), shell.current_user_id(), shell.current_workspace_id(), shell.claimed_permissions(),
  shell.is_super(), shell.visible_workspace_ids(), shell.workspaces_with_permission(text),
  shell.has_platform_permission(text), shell.can_manage_user(uuid)
  TO authenticated, service_role;

-- Row-level security, enabled and forced

ALTER TABLE public.users ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.users FORCE ROW LEVEL SECURITY;
ALTER TABLE public.workspaces ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.workspaces FORCE ROW LEVEL SECURITY;
ALTER TABLE public.roles ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.roles FORCE ROW LEVEL SECURITY;
ALTER TABLE public.permissions ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.permissions FORCE ROW LEVEL SECURITY;
ALTER TABLE public.role_permissions ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.role_permissions FORCE ROW LEVEL SECURITY;
ALTER TABLE public.workspace_memberships ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.workspace_memberships FORCE ROW LEVEL SECURITY;
ALTER TABLE public.membership_permissions ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.membership_permissions FORCE ROW LEVEL SECURITY;
ALTER TABLE public.themes ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.themes FORCE ROW LEVEL SECURITY;
ALTER TABLE public.layout_definitions ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.layout_definitions FORCE ROW LEVEL SECURITY;
ALTER TABLE public.layout_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.layout_versions FORCE ROW LEVEL SECURITY;
ALTER TABLE public.module_registry ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.module_registry FORCE ROW LEVEL SECURITY;
ALTER TABLE public.module_installations ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.module_installations FORCE ROW LEVEL SECURITY;
ALTER TABLE public.events ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.events FORCE ROW LEVEL SECURITY;
ALTER TABLE public.audit_logs ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.audit_logs FORCE ROW LEVEL SECURITY;
ALTER TABLE public.integration_connections ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.integration_connections FORCE ROW LEVEL SECURITY;
ALTER TABLE public.ai_jobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.ai_jobs FORCE ROW LEVEL SECURITY;
ALTER TABLE public.ai_job_state_transitions ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.ai_job_state_transitions FORCE ROW LEVEL SECURITY;
ALTER TABLE public.billing_accounts ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.billing_accounts FORCE ROW LEVEL SECURITY;
ALTER TABLE public.subscriptions ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.subscriptions FORCE ROW LEVEL SECURITY;
ALTER TABLE public.contacts ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.contacts FORCE ROW LEVEL SECURITY;

-- Privileges: start from nothing (Supabase default privileges grant anon/authenticated
-- everything on new tables), then grant exactly what the policies below need.

REVOKE ALL ON
  public.users, public.workspaces, public.roles, public.permissions, public.role_permissions,
  public.workspace_memberships, public.membership_permissions, public.themes, public.layout_definitions,
  public.layout_versions, public.module_registry, public.module_installations, public.events,
  public.audit_logs, public.integration_connections, public.ai_jobs, public.ai_job_state_transitions,
  public.billing_accounts, public.subscriptions, public.contacts
  FROM PUBLIC, anon, authenticated;

GRANT ALL ON
  public.users, public.workspaces, public.roles, public.permissions, public.role_permissions,
  public.workspace_memberships, public.membership_permissions, public.themes, public.layout_definitions,
  public.layout_versions, public.module_registry, public.module_installations, public.events,
  public.audit_logs, public.integration_connections, public.ai_jobs, public.ai_job_state_transitions,
  public.billing_accounts, public.subscriptions, public.contacts
  TO service_role;

-- Read-only to request code.
GRANT SELECT ON public.roles, public.permissions, public.role_permissions, public.audit_logs,
  public.ai_job_state_transitions TO authenticated;
-- Column lists: ids, tree position, timestamps and ownership never change through request code.
GRANT SELECT, INSERT ON public.users TO authenticated;
GRANT UPDATE (email, display_name, status) ON public.users TO authenticated;
GRANT SELECT, INSERT ON public.workspaces TO authenticated;
GRANT UPDATE (name, slug, status) ON public.workspaces TO authenticated;
GRANT SELECT, INSERT, DELETE ON public.workspace_memberships TO authenticated;
GRANT UPDATE (role_template, active) ON public.workspace_memberships TO authenticated;
GRANT SELECT, INSERT, DELETE ON public.membership_permissions TO authenticated;
GRANT UPDATE (allow) ON public.membership_permissions TO authenticated;
-- Immutable: insert only.
GRANT SELECT, INSERT ON public.layout_versions TO authenticated;
-- Append-only: delivery tracking, sequence and recorded_at are the server's.
GRANT SELECT ON public.events TO authenticated;
GRANT INSERT (id, workspace_id, event_name, source, stream, payload_json, correlation_id, idempotency_key, occurred_at)
  ON public.events TO authenticated;
-- No delete: jobs keep their history (retention job runs as service_role).
GRANT SELECT, INSERT, UPDATE ON public.ai_jobs TO authenticated;
GRANT SELECT, INSERT, UPDATE, DELETE ON
  public.themes, public.layout_definitions, public.module_registry, public.module_installations,
  public.billing_accounts, public.subscriptions, public.integration_connections, public.contacts
  TO authenticated;

-- Policies. Read = workspace visible; write = capability in the row's workspace.

-- users: global rows; read self or members of visible workspaces.
CREATE POLICY users_select_self_or_visible_member ON public.users
  FOR SELECT TO authenticated
  USING (
    id = (SELECT shell.current_user_id())
    OR EXISTS (SELECT 1 FROM public.workspace_memberships m
                WHERE m.user_id = users.id
                  AND m.workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]))
  );
CREATE POLICY users_insert_with_users_invite ON public.users
  FOR INSERT TO authenticated
  WITH CHECK (cardinality((SELECT shell.workspaces_with_permission('users.invite'))) > 0);
-- Self (while active, and staying active: nobody changes their own status), or another user
-- over every one of whose workspaces the caller holds users.manage (users are global rows).
CREATE POLICY users_update_self_or_users_manage ON public.users
  FOR UPDATE TO authenticated
  USING (
    (id = (SELECT shell.current_user_id()) AND status = 'active')
    OR (id IS DISTINCT FROM (SELECT shell.current_user_id()) AND shell.can_manage_user(id))
  )
  WITH CHECK (
    (id = (SELECT shell.current_user_id()) AND status = 'active')
    OR (id IS DISTINCT FROM (SELECT shell.current_user_id()) AND shell.can_manage_user(id))
  );

-- workspaces: no delete (archive by status). The parent branch of SELECT lets INSERT ...
-- RETURNING see the child it just created; for committed rows it adds nothing visibility
-- does not already give.
CREATE POLICY workspaces_select_visible ON public.workspaces
  FOR SELECT TO authenticated
  USING (
    id = ANY ((SELECT shell.visible_workspace_ids())::uuid[])
    OR parent_workspace_id = ANY ((SELECT shell.workspaces_with_permission('settings.manage'))::uuid[])
  );
CREATE POLICY workspaces_insert_with_settings_manage_in_parent ON public.workspaces
  FOR INSERT TO authenticated
  WITH CHECK (parent_workspace_id = ANY ((SELECT shell.workspaces_with_permission('settings.manage'))::uuid[]));
CREATE POLICY workspaces_update_with_settings_manage ON public.workspaces
  FOR UPDATE TO authenticated
  USING (id = ANY ((SELECT shell.workspaces_with_permission('settings.manage'))::uuid[]))
  WITH CHECK (id = ANY ((SELECT shell.workspaces_with_permission('settings.manage'))::uuid[]));

-- workspace_memberships: nobody changes their own membership through request code.
CREATE POLICY workspace_memberships_select_visible_or_own ON public.workspace_memberships
  FOR SELECT TO authenticated
  USING (
    workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[])
    OR user_id = (SELECT shell.current_user_id())
  );
CREATE POLICY workspace_memberships_insert_with_users_invite ON public.workspace_memberships
  FOR INSERT TO authenticated
  WITH CHECK (
    workspace_id = ANY ((SELECT shell.workspaces_with_permission('users.invite'))::uuid[])
    AND user_id IS DISTINCT FROM (SELECT shell.current_user_id())
  );
CREATE POLICY workspace_memberships_update_with_users_manage ON public.workspace_memberships
  FOR UPDATE TO authenticated
  USING (
    workspace_id = ANY ((SELECT shell.workspaces_with_permission('users.manage'))::uuid[])
    AND user_id IS DISTINCT FROM (SELECT shell.current_user_id())
  )
  WITH CHECK (
    workspace_id = ANY ((SELECT shell.workspaces_with_permission('users.manage'))::uuid[])
    AND user_id IS DISTINCT FROM (SELECT shell.current_user_id())
  );
CREATE POLICY workspace_memberships_delete_with_users_manage ON public.workspace_memberships
  FOR DELETE TO authenticated
  USING (
    workspace_id = ANY ((SELECT shell.workspaces_with_permission('users.manage'))::uuid[])
    AND user_id IS DISTINCT FROM (SELECT shell.current_user_id())
  );

-- membership_permissions: users.manage, never on one's own membership.
CREATE POLICY membership_permissions_select_visible ON public.membership_permissions
  FOR SELECT TO authenticated
  USING (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
CREATE POLICY membership_permissions_insert_with_users_manage ON public.membership_permissions
  FOR INSERT TO authenticated
  WITH CHECK (
    workspace_id = ANY ((SELECT shell.workspaces_with_permission('users.manage'))::uuid[])
    AND NOT EXISTS (SELECT 1 FROM public.workspace_memberships m
                     WHERE m.id = membership_id AND m.user_id = (SELECT shell.current_user_id()))
  );
CREATE POLICY membership_permissions_update_with_users_manage ON public.membership_permissions
  FOR UPDATE TO authenticated
  USING (
    workspace_id = ANY ((SELECT shell.workspaces_with_permission('users.manage'))::uuid[])
    AND NOT EXISTS (SELECT 1 FROM public.workspace_memberships m
                     WHERE m.id = membership_id AND m.user_id = (SELECT shell.current_user_id()))
  )
  WITH CHECK (
    workspace_id = ANY ((SELECT shell.workspaces_with_permission('users.manage'))::uuid[])
    AND NOT EXISTS (SELECT 1 FROM public.workspace_memberships m
                     WHERE m.id = membership_id AND m.user_id = (SELECT shell.current_user_id()))
  );
CREATE POLICY membership_permissions_delete_with_users_manage ON public.membership_permissions
  FOR DELETE TO authenticated
  USING (
    workspace_id = ANY ((SELECT shell.workspaces_with_permission('users.manage'))::uuid[])
    AND NOT EXISTS (SELECT 1 FROM public.workspace_memberships m
                     WHERE m.id = membership_id AND m.user_id = (SELECT shell.current_user_id()))
  );

-- roles, permissions, role_permissions: readable by every authenticated request; seeded by 013.
CREATE POLICY roles_select_all ON public.roles FOR SELECT TO authenticated USING (true);
CREATE POLICY permissions_select_all ON public.permissions FOR SELECT TO authenticated USING (true);
CREATE POLICY role_permissions_select_all ON public.role_permissions FOR SELECT TO authenticated USING (true);

-- themes: branding.edit.
CREATE POLICY themes_select_visible ON public.themes
  FOR SELECT TO authenticated
  USING (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
CREATE POLICY themes_insert_with_branding_edit ON public.themes
  FOR INSERT TO authenticated
  WITH CHECK (workspace_id = ANY ((SELECT shell.workspaces_with_permission('branding.edit'))::uuid[]));
CREATE POLICY themes_update_with_branding_edit ON public.themes
  FOR UPDATE TO authenticated
  USING (workspace_id = ANY ((SELECT shell.workspaces_with_permission('branding.edit'))::uuid[]))
  WITH CHECK (workspace_id = ANY ((SELECT shell.workspaces_with_permission('branding.edit'))::uuid[]));
CREATE POLICY themes_delete_with_branding_edit ON public.themes
  FOR DELETE TO authenticated
  USING (workspace_id = ANY ((SELECT shell.workspaces_with_permission('branding.edit'))::uuid[]));

-- layout_definitions: layouts.edit.
CREATE POLICY layout_definitions_select_visible ON public.layout_definitions
  FOR SELECT TO authenticated
  USING (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
CREATE POLICY layout_definitions_insert_with_layouts_edit ON public.layout_definitions
  FOR INSERT TO authenticated
  WITH CHECK (workspace_id = ANY ((SELECT shell.workspaces_with_permission('layouts.edit'))::uuid[]));
CREATE POLICY layout_definitions_update_with_layouts_edit ON public.layout_definitions
  FOR UPDATE TO authenticated
  USING (workspace_id = ANY ((SELECT shell.workspaces_with_permission('layouts.edit'))::uuid[]))
  WITH CHECK (workspace_id = ANY ((SELECT shell.workspaces_with_permission('layouts.edit'))::uuid[]));
CREATE POLICY layout_definitions_delete_with_layouts_edit ON public.layout_definitions
  FOR DELETE TO authenticated
  USING (workspace_id = ANY ((SELECT shell.workspaces_with_permission('layouts.edit'))::uuid[]));

-- layout_versions: insert only (immutable; no UPDATE/DELETE privilege, trigger refuses both).
CREATE POLICY layout_versions_select_visible ON public.layout_versions
  FOR SELECT TO authenticated
  USING (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
CREATE POLICY layout_versions_insert_with_layouts_edit ON public.layout_versions
  FOR INSERT TO authenticated
  WITH CHECK (workspace_id = ANY ((SELECT shell.workspaces_with_permission('layouts.edit'))::uuid[]));

-- module_registry: global; writes need modules.install granted by a super membership.
CREATE POLICY module_registry_select_all ON public.module_registry
  FOR SELECT TO authenticated
  USING (true);
CREATE POLICY module_registry_insert_with_platform_modules_install ON public.module_registry
  FOR INSERT TO authenticated
  WITH CHECK ((SELECT shell.has_platform_permission('modules.install')));
CREATE POLICY module_registry_update_with_platform_modules_install ON public.module_registry
  FOR UPDATE TO authenticated
  USING ((SELECT shell.has_platform_permission('modules.install')))
  WITH CHECK ((SELECT shell.has_platform_permission('modules.install')));
CREATE POLICY module_registry_delete_with_platform_modules_install ON public.module_registry
  FOR DELETE TO authenticated
  USING ((SELECT shell.has_platform_permission('modules.install')));

-- module_installations: install/uninstall need modules.install; a state change needs any
-- module capability (which one is the route's business).
CREATE POLICY module_installations_select_visible ON public.module_installations
  FOR SELECT TO authenticated
  USING (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
CREATE POLICY module_installations_insert_with_modules_install ON public.module_installations
  FOR INSERT TO authenticated
  WITH CHECK (workspace_id = ANY ((SELECT shell.workspaces_with_permission('modules.install'))::uuid[]));
CREATE POLICY module_installations_update_with_module_capability ON public.module_installations
  FOR UPDATE TO authenticated
  USING (
    workspace_id = ANY ((SELECT shell.workspaces_with_permission('modules.install'))::uuid[])
    OR workspace_id = ANY ((SELECT shell.workspaces_with_permission('modules.enable'))::uuid[])
    OR workspace_id = ANY ((SELECT shell.workspaces_with_permission('modules.disable'))::uuid[])
  )
  WITH CHECK (
    workspace_id = ANY ((SELECT shell.workspaces_with_permission('modules.install'))::uuid[])
    OR workspace_id = ANY ((SELECT shell.workspaces_with_permission('modules.enable'))::uuid[])
    OR workspace_id = ANY ((SELECT shell.workspaces_with_permission('modules.disable'))::uuid[])
  );
CREATE POLICY module_installations_delete_with_modules_install ON public.module_installations
  FOR DELETE TO authenticated
  USING (workspace_id = ANY ((SELECT shell.workspaces_with_permission('modules.install'))::uuid[]));

-- billing: billing.manage (super_admin holds it and governs every workspace).
CREATE POLICY billing_accounts_select_visible ON public.billing_accounts
  FOR SELECT TO authenticated
  USING (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
CREATE POLICY billing_accounts_insert_with_billing_manage ON public.billing_accounts
  FOR INSERT TO authenticated
  WITH CHECK (workspace_id = ANY ((SELECT shell.workspaces_with_permission('billing.manage'))::uuid[]));
CREATE POLICY billing_accounts_update_with_billing_manage ON public.billing_accounts
  FOR UPDATE TO authenticated
  USING (workspace_id = ANY ((SELECT shell.workspaces_with_permission('billing.manage'))::uuid[]))
  WITH CHECK (workspace_id = ANY ((SELECT shell.workspaces_with_permission('billing.manage'))::uuid[]));
CREATE POLICY billing_accounts_delete_with_billing_manage ON public.billing_accounts
  FOR DELETE TO authenticated
  USING (workspace_id = ANY ((SELECT shell.workspaces_with_permission('billing.manage'))::uuid[]));

CREATE POLICY subscriptions_select_visible ON public.subscriptions
  FOR SELECT TO authenticated
  USING (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
CREATE POLICY subscriptions_insert_with_billing_manage ON public.subscriptions
  FOR INSERT TO authenticated
  WITH CHECK (workspace_id = ANY ((SELECT shell.workspaces_with_permission('billing.manage'))::uuid[]));
CREATE POLICY subscriptions_update_with_billing_manage ON public.subscriptions
  FOR UPDATE TO authenticated
  USING (workspace_id = ANY ((SELECT shell.workspaces_with_permission('billing.manage'))::uuid[]))
  WITH CHECK (workspace_id = ANY ((SELECT shell.workspaces_with_permission('billing.manage'))::uuid[]));
CREATE POLICY subscriptions_delete_with_billing_manage ON public.subscriptions
  FOR DELETE TO authenticated
  USING (workspace_id = ANY ((SELECT shell.workspaces_with_permission('billing.manage'))::uuid[]));

-- events: read and emit in visible workspaces; append-only (no UPDATE/DELETE privilege).
CREATE POLICY events_select_visible ON public.events
  FOR SELECT TO authenticated
  USING (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
CREATE POLICY events_insert_visible ON public.events
  FOR INSERT TO authenticated
  WITH CHECK (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));

-- audit_logs: admins of the workspace (settings.manage) or super members within their
-- visible scope; written only by service_role.
CREATE POLICY audit_logs_select_settings_manage_or_super ON public.audit_logs
  FOR SELECT TO authenticated
  USING (
    workspace_id = ANY ((SELECT shell.workspaces_with_permission('settings.manage'))::uuid[])
    OR ((SELECT shell.is_super()) AND workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]))
  );

-- contacts: any visible workspace reads and writes.
CREATE POLICY contacts_select_visible ON public.contacts
  FOR SELECT TO authenticated
  USING (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
CREATE POLICY contacts_insert_visible ON public.contacts
  FOR INSERT TO authenticated
  WITH CHECK (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
CREATE POLICY contacts_update_visible ON public.contacts
  FOR UPDATE TO authenticated
  USING (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]))
  WITH CHECK (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
CREATE POLICY contacts_delete_visible ON public.contacts
  FOR DELETE TO authenticated
  USING (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));

-- integration_connections: integrations.manage.
CREATE POLICY integration_connections_select_visible ON public.integration_connections
  FOR SELECT TO authenticated
  USING (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
CREATE POLICY integration_connections_insert_with_integrations_manage ON public.integration_connections
  FOR INSERT TO authenticated
  WITH CHECK (workspace_id = ANY ((SELECT shell.workspaces_with_permission('integrations.manage'))::uuid[]));
CREATE POLICY integration_connections_update_with_integrations_manage ON public.integration_connections
  FOR UPDATE TO authenticated
  USING (workspace_id = ANY ((SELECT shell.workspaces_with_permission('integrations.manage'))::uuid[]))
  WITH CHECK (workspace_id = ANY ((SELECT shell.workspaces_with_permission('integrations.manage'))::uuid[]));
CREATE POLICY integration_connections_delete_with_integrations_manage ON public.integration_connections
  FOR DELETE TO authenticated
  USING (workspace_id = ANY ((SELECT shell.workspaces_with_permission('integrations.manage'))::uuid[]));

-- ai_jobs: ai.orchestration.manage; no delete; transitions are written by trigger.
CREATE POLICY ai_jobs_select_visible ON public.ai_jobs
  FOR SELECT TO authenticated
  USING (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
CREATE POLICY ai_jobs_insert_with_ai_orchestration_manage ON public.ai_jobs
  FOR INSERT TO authenticated
  WITH CHECK (workspace_id = ANY ((SELECT shell.workspaces_with_permission('ai.orchestration.manage'))::uuid[]));
CREATE POLICY ai_jobs_update_with_ai_orchestration_manage ON public.ai_jobs
  FOR UPDATE TO authenticated
  USING (workspace_id = ANY ((SELECT shell.workspaces_with_permission('ai.orchestration.manage'))::uuid[]))
  WITH CHECK (workspace_id = ANY ((SELECT shell.workspaces_with_permission('ai.orchestration.manage'))::uuid[]));

CREATE POLICY ai_job_state_transitions_select_visible ON public.ai_job_state_transitions
  FOR SELECT TO authenticated
  USING (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));

-- Post-check

DO $$
DECLARE
  expected jsonb := '{
    "users": ["users_select_self_or_visible_member", "users_insert_with_users_invite", "users_update_self_or_users_manage"],
    "workspaces": ["workspaces_select_visible", "workspaces_insert_with_settings_manage_in_parent", "workspaces_update_with_settings_manage"],
    "roles": ["roles_select_all"],
    "permissions": ["permissions_select_all"],
    "role_permissions": ["role_permissions_select_all"],
    "workspace_memberships": ["workspace_memberships_select_visible_or_own", "workspace_memberships_insert_with_users_invite",
                              "workspace_memberships_update_with_users_manage", "workspace_memberships_delete_with_users_manage"],
    "membership_permissions": ["membership_permissions_select_visible", "membership_permissions_insert_with_users_manage",
                               "membership_permissions_update_with_users_manage", "membership_permissions_delete_with_users_manage"],
    "themes": ["themes_select_visible", "themes_insert_with_branding_edit", "themes_update_with_branding_edit", "themes_delete_with_branding_edit"],
    "layout_definitions": ["layout_definitions_select_visible", "layout_definitions_insert_with_layouts_edit",
                           "layout_definitions_update_with_layouts_edit", "layout_definitions_delete_with_layouts_edit"],
    "layout_versions": ["layout_versions_select_visible", "layout_versions_insert_with_layouts_edit"],
    "module_registry": ["module_registry_select_all", "module_registry_insert_with_platform_modules_install",
                        "module_registry_update_with_platform_modules_install", "module_registry_delete_with_platform_modules_install"],
    "module_installations": ["module_installations_select_visible", "module_installations_insert_with_modules_install",
                             "module_installations_update_with_module_capability", "module_installations_delete_with_modules_install"],
    "billing_accounts": ["billing_accounts_select_visible", "billing_accounts_insert_with_billing_manage",
                         "billing_accounts_update_with_billing_manage", "billing_accounts_delete_with_billing_manage"],
    "subscriptions": ["subscriptions_select_visible", "subscriptions_insert_with_billing_manage",
                      "subscriptions_update_with_billing_manage", "subscriptions_delete_with_billing_manage"],
    "events": ["events_select_visible", "events_insert_visible"],
    "audit_logs": ["audit_logs_select_settings_manage_or_super"],
    "contacts": ["contacts_select_visible", "contacts_insert_visible", "contacts_update_visible", "contacts_delete_visible"],
    "integration_connections": ["integration_connections_select_visible", "integration_connections_insert_with_integrations_manage",
                                "integration_connections_update_with_integrations_manage", "integration_connections_delete_with_integrations_manage"],
    "ai_jobs": ["ai_jobs_select_visible", "ai_jobs_insert_with_ai_orchestration_manage", "ai_jobs_update_with_ai_orchestration_manage"],
    "ai_job_state_transitions": ["ai_job_state_transitions_select_visible"]
  }';
  problems text;
BEGIN
  SELECT string_agg(t.key, ', ') INTO problems
    FROM jsonb_each(expected) AS t
    JOIN pg_catalog.pg_class c ON c.oid = to_regclass('public.' || t.key)
   WHERE NOT (c.relrowsecurity AND c.relforcerowsecurity);
  IF problems IS NOT NULL THEN
    RAISE EXCEPTION '012 post-check failed: RLS not enabled and forced on %', problems;
  END IF;

  SELECT string_agg(t.key || '.' || p.value, ', ') INTO problems
    FROM jsonb_each(expected) AS t
    CROSS JOIN LATERAL jsonb_array_elements_text(t.value) AS p
   WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policies pp
                      WHERE pp.schemaname = 'public' AND pp.tablename = t.key AND pp.policyname = p.value
                        AND pp.roles = ARRAY['authenticated']::name[]);
  IF problems IS NOT NULL THEN
    RAISE EXCEPTION '012 post-check failed: missing policies (TO authenticated) %', problems;
  END IF;

  SELECT string_agg(t.key, ', ') INTO problems
    FROM jsonb_each(expected) AS t
   WHERE has_table_privilege('anon', 'public.' || t.key, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
      OR has_any_column_privilege('anon', 'public.' || t.key, 'SELECT, INSERT, UPDATE, REFERENCES')
      OR NOT (has_table_privilege('service_role', 'public.' || t.key, 'SELECT')
              AND has_table_privilege('service_role', 'public.' || t.key, 'INSERT')
              AND has_table_privilege('service_role', 'public.' || t.key, 'UPDATE')
              AND has_table_privilege('service_role', 'public.' || t.key, 'DELETE'))
      OR NOT has_table_privilege('authenticated', 'public.' || t.key, 'SELECT')
      OR has_table_privilege('authenticated', 'public.' || t.key, 'TRUNCATE, REFERENCES, TRIGGER');
  IF problems IS NOT NULL THEN
    RAISE EXCEPTION '012 post-check failed: wrong privileges for anon/authenticated/service_role on %', problems;
  END IF;

  SELECT string_agg(t, ', ') INTO problems
    FROM unnest(ARRAY['events', 'audit_logs', 'layout_versions', 'ai_job_state_transitions',
                      'roles', 'permissions', 'role_permissions']) AS t
   WHERE has_any_column_privilege('authenticated', 'public.' || t, 'UPDATE')
      OR has_table_privilege('authenticated', 'public.' || t, 'DELETE');
  IF problems IS NOT NULL THEN
    RAISE EXCEPTION '012 post-check failed: authenticated may update or delete %', problems;
  END IF;
  IF has_any_column_privilege('authenticated', 'public.audit_logs', 'INSERT')
     OR has_any_column_privilege('authenticated', 'public.ai_job_state_transitions', 'INSERT') THEN
    RAISE EXCEPTION '012 post-check failed: authenticated may insert into audit_logs or ai_job_state_transitions';
  END IF;

  SELECT string_agg(f, ', ') INTO problems
    FROM unnest(ARRAY['shell.claims()', 'shell.current_user_id()', 'shell.current_workspace_id()',
                      'shell.claimed_permissions()', 'shell.is_super()', 'shell.visible_workspace_ids()',
                      'shell.workspaces_with_permission(text)', 'shell.has_platform_permission(text)',
                      'shell.can_manage_user(uuid)']) AS f
   WHERE to_regprocedure(f) IS NULL
      OR NOT has_function_privilege('authenticated', to_regprocedure(f), 'EXECUTE')
      OR NOT has_function_privilege('service_role', to_regprocedure(f), 'EXECUTE');
  IF problems IS NOT NULL THEN
    RAISE EXCEPTION '012 post-check failed: helper functions missing or not executable: %', problems;
  END IF;

  SELECT string_agg(p.oid::regprocedure::text, ', ') INTO problems
    FROM pg_catalog.pg_proc p
   WHERE p.pronamespace = 'shell'::regnamespace
     AND p.prosecdef
     AND (has_function_privilege('anon', p.oid, 'EXECUTE')
          OR EXISTS (SELECT 1 FROM aclexplode(p.proacl) a WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE')
          OR p.proacl IS NULL
          OR NOT EXISTS (SELECT 1 FROM unnest(p.proconfig) cfg WHERE cfg LIKE 'search_path=%'));
  IF problems IS NOT NULL THEN
    RAISE EXCEPTION '012 post-check failed: SECURITY DEFINER functions executable by PUBLIC/anon or without search_path: %', problems;
  END IF;

  IF NOT has_schema_privilege('authenticated', 'shell', 'USAGE') OR NOT has_schema_privilege('service_role', 'shell', 'USAGE')
     OR has_schema_privilege('anon', 'shell', 'USAGE') THEN
    RAISE EXCEPTION '012 post-check failed: USAGE on schema shell is wrong';
  END IF;
END $$;

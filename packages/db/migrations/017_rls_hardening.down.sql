-- 017_rls_hardening.down.sql
-- Purpose: undo 017 in staging validation (PRD §12.6): drop the status trigger and the 017
--   helpers, restore the 012 bodies of is_super, visible_workspace_ids,
--   workspaces_with_permission and has_platform_permission (CREATE OR REPLACE, copied from
--   012), the 012/015 policies 017 replaced or dropped (copied verbatim), and the 012/015
--   grants of authenticated on users, workspace_domains, branding_assets, billing_accounts,
--   subscriptions and ai_jobs. `down --to 16` leaves the schema exactly as 016 left it.
-- Pre-check: 017 is applied (its helpers, trigger and policies exist).
-- Post-check: the 017 helpers, trigger and policies are gone; the 012/015 policies exist TO
--   authenticated; the governing helpers no longer filter on workspace status; authenticated
--   again holds the 012/015 privileges (e.g. UPDATE of users.email, of workspace_domains, and
--   INSERT/UPDATE/DELETE on billing_accounts and subscriptions).
-- Failure handling: the runner's transaction rolls back and nothing changes; fix and re-run.
--   Never in production: 017 is forward-only there; correct it with a later migration.

DO $$
BEGIN
  IF to_regprocedure('shell.holds_all_capabilities(uuid,text[])') IS NULL
     OR to_regprocedure('shell.can_assign_role(uuid,text)') IS NULL
     OR to_regprocedure('shell.can_grant_permission(uuid,uuid)') IS NULL
     OR to_regprocedure('shell.in_platform_scope()') IS NULL
     OR to_regprocedure('shell.check_workspace_status_change()') IS NULL THEN
    RAISE EXCEPTION '017 down pre-check failed: 017 helpers missing (017 not applied?)';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policies
                  WHERE schemaname = 'public' AND tablename = 'workspace_memberships'
                    AND policyname = 'workspace_memberships_insert_with_users_invite_and_role') THEN
    RAISE EXCEPTION '017 down pre-check failed: 017 policies missing (017 not applied?)';
  END IF;
END $$;

DROP TRIGGER workspaces_check_status_change ON public.workspaces;
DROP FUNCTION shell.check_workspace_status_change();

-- Policies of 017 go first: they depend on the helpers dropped below.
DROP POLICY users_select_self_visible_member_or_platform ON public.users;
DROP POLICY users_update_self_users_manage_or_platform ON public.users;
DROP POLICY workspace_memberships_insert_with_users_invite_and_role ON public.workspace_memberships;
DROP POLICY workspace_memberships_update_with_users_manage_and_role ON public.workspace_memberships;
DROP POLICY workspace_memberships_delete_with_users_manage_and_role ON public.workspace_memberships;
DROP POLICY membership_permissions_insert_with_users_manage_and_cap ON public.membership_permissions;
DROP POLICY membership_permissions_update_with_users_manage_and_cap ON public.membership_permissions;
DROP POLICY membership_permissions_delete_with_users_manage_and_cap ON public.membership_permissions;
DROP POLICY branding_assets_insert_pending_with_branding_edit ON public.branding_assets;
DROP POLICY ai_jobs_insert_own_with_ai_orchestration_manage ON public.ai_jobs;

-- can_assign_role and can_grant_permission call holds_all_capabilities: drop callers first.
DROP FUNCTION shell.can_assign_role(uuid, text);
DROP FUNCTION shell.can_grant_permission(uuid, uuid);
DROP FUNCTION shell.holds_all_capabilities(uuid, text[]);
DROP FUNCTION shell.in_platform_scope();

-- The 012 helper bodies (copied from 012_rls_policies.sql).

-- Threat note (SECURITY DEFINER): reads users, memberships and workspaces without RLS so
-- policies on those tables do not recurse. It only answers about the caller's own claimed
-- user id; it takes no arguments, so it cannot be used to probe other users.
CREATE OR REPLACE FUNCTION shell.is_super()
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
CREATE OR REPLACE FUNCTION shell.visible_workspace_ids()
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
CREATE OR REPLACE FUNCTION shell.workspaces_with_permission(cap text)
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
CREATE OR REPLACE FUNCTION shell.has_platform_permission(cap text)
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

-- Grants of 012/015. Revoking the table privilege also revokes 017's column privileges.
REVOKE UPDATE ON public.users FROM authenticated;
GRANT UPDATE (email, display_name, status) ON public.users TO authenticated;
GRANT UPDATE ON public.workspace_domains TO authenticated;
REVOKE UPDATE ON public.branding_assets FROM authenticated;
GRANT UPDATE ON public.branding_assets TO authenticated;
REVOKE INSERT ON public.billing_accounts FROM authenticated;
GRANT INSERT, UPDATE, DELETE ON public.billing_accounts, public.subscriptions TO authenticated;
REVOKE INSERT, UPDATE ON public.ai_jobs FROM authenticated;
GRANT INSERT, UPDATE ON public.ai_jobs TO authenticated;

-- Policies of 012 (copied from 012_rls_policies.sql).

-- users: global rows; read self or members of visible workspaces.
CREATE POLICY users_select_self_or_visible_member ON public.users
  FOR SELECT TO authenticated
  USING (
    id = (SELECT shell.current_user_id())
    OR EXISTS (SELECT 1 FROM public.workspace_memberships m
                WHERE m.user_id = users.id
                  AND m.workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]))
  );
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

-- workspace_memberships: nobody changes their own membership through request code.
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

-- billing: billing.manage (super_admin holds it and governs every workspace).
CREATE POLICY billing_accounts_update_with_billing_manage ON public.billing_accounts
  FOR UPDATE TO authenticated
  USING (workspace_id = ANY ((SELECT shell.workspaces_with_permission('billing.manage'))::uuid[]))
  WITH CHECK (workspace_id = ANY ((SELECT shell.workspaces_with_permission('billing.manage'))::uuid[]));
CREATE POLICY billing_accounts_delete_with_billing_manage ON public.billing_accounts
  FOR DELETE TO authenticated
  USING (workspace_id = ANY ((SELECT shell.workspaces_with_permission('billing.manage'))::uuid[]));

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

-- ai_jobs: ai.orchestration.manage; no delete; transitions are written by trigger.
CREATE POLICY ai_jobs_insert_with_ai_orchestration_manage ON public.ai_jobs
  FOR INSERT TO authenticated
  WITH CHECK (workspace_id = ANY ((SELECT shell.workspaces_with_permission('ai.orchestration.manage'))::uuid[]));

-- Policies of 015 (copied from 015_rls_extension_policies.sql).

-- workspace_domains: domains.manage.
CREATE POLICY workspace_domains_update_with_domains_manage ON public.workspace_domains
  FOR UPDATE TO authenticated
  USING (workspace_id = ANY ((SELECT shell.workspaces_with_permission('domains.manage'))::uuid[]))
  WITH CHECK (workspace_id = ANY ((SELECT shell.workspaces_with_permission('domains.manage'))::uuid[]));
-- branding_assets: branding.edit.
CREATE POLICY branding_assets_insert_with_branding_edit ON public.branding_assets
  FOR INSERT TO authenticated
  WITH CHECK (workspace_id = ANY ((SELECT shell.workspaces_with_permission('branding.edit'))::uuid[]));

DO $$
DECLARE
  problems text;
BEGIN
  SELECT string_agg(f, ', ') INTO problems
    FROM unnest(ARRAY['shell.holds_all_capabilities(uuid,text[])', 'shell.can_assign_role(uuid,text)',
                      'shell.can_grant_permission(uuid,uuid)', 'shell.in_platform_scope()',
                      'shell.check_workspace_status_change()']) AS f
   WHERE to_regprocedure(f) IS NOT NULL;
  IF problems IS NOT NULL THEN
    RAISE EXCEPTION '017 down post-check failed: 017 functions remain: %', problems;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_trigger WHERE tgname = 'workspaces_check_status_change') THEN
    RAISE EXCEPTION '017 down post-check failed: trigger workspaces_check_status_change remains';
  END IF;

  SELECT string_agg(p.oid::regprocedure::text, ', ') INTO problems
    FROM pg_catalog.pg_proc p
   WHERE p.oid IN ('shell.is_super()'::regprocedure, 'shell.visible_workspace_ids()'::regprocedure,
                   'shell.workspaces_with_permission(text)'::regprocedure,
                   'shell.has_platform_permission(text)'::regprocedure)
     AND (p.prosrc LIKE '%-- 017%' OR NOT p.prosecdef
          OR NOT has_function_privilege('authenticated', p.oid, 'EXECUTE')
          OR has_function_privilege('anon', p.oid, 'EXECUTE'));
  IF problems IS NOT NULL THEN
    RAISE EXCEPTION '017 down post-check failed: governing helpers not restored to 012: %', problems;
  END IF;

  SELECT string_agg(p.tbl || '.' || p.pol, ', ') INTO problems
    FROM (VALUES
      ('users', 'users_select_self_or_visible_member'), ('users', 'users_update_self_or_users_manage'),
      ('workspace_memberships', 'workspace_memberships_insert_with_users_invite'),
      ('workspace_memberships', 'workspace_memberships_update_with_users_manage'),
      ('workspace_memberships', 'workspace_memberships_delete_with_users_manage'),
      ('membership_permissions', 'membership_permissions_insert_with_users_manage'),
      ('membership_permissions', 'membership_permissions_update_with_users_manage'),
      ('membership_permissions', 'membership_permissions_delete_with_users_manage'),
      ('workspace_domains', 'workspace_domains_update_with_domains_manage'),
      ('branding_assets', 'branding_assets_insert_with_branding_edit'),
      ('billing_accounts', 'billing_accounts_update_with_billing_manage'),
      ('billing_accounts', 'billing_accounts_delete_with_billing_manage'),
      ('subscriptions', 'subscriptions_insert_with_billing_manage'),
      ('subscriptions', 'subscriptions_update_with_billing_manage'),
      ('subscriptions', 'subscriptions_delete_with_billing_manage'),
      ('ai_jobs', 'ai_jobs_insert_with_ai_orchestration_manage')) AS p(tbl, pol)
   WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policies pp
                      WHERE pp.schemaname = 'public' AND pp.tablename = p.tbl AND pp.policyname = p.pol
                        AND pp.roles = ARRAY['authenticated']::name[]);
  IF problems IS NOT NULL THEN
    RAISE EXCEPTION '017 down post-check failed: 012/015 policies missing: %', problems;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_policies
              WHERE schemaname = 'public'
                AND policyname IN ('users_select_self_visible_member_or_platform', 'users_update_self_users_manage_or_platform',
                                   'workspace_memberships_insert_with_users_invite_and_role',
                                   'workspace_memberships_update_with_users_manage_and_role',
                                   'workspace_memberships_delete_with_users_manage_and_role',
                                   'membership_permissions_insert_with_users_manage_and_cap',
                                   'membership_permissions_update_with_users_manage_and_cap',
                                   'membership_permissions_delete_with_users_manage_and_cap',
                                   'branding_assets_insert_pending_with_branding_edit',
                                   'ai_jobs_insert_own_with_ai_orchestration_manage')) THEN
    RAISE EXCEPTION '017 down post-check failed: 017 policies remain';
  END IF;

  SELECT string_agg(c.tbl || '.' || c.col || ' ' || c.priv, ', ') INTO problems
    FROM (VALUES
      ('users', 'email', 'UPDATE'), ('users', 'display_name', 'UPDATE'), ('users', 'status', 'UPDATE'),
      ('workspace_domains', 'status', 'UPDATE'), ('branding_assets', 'scan_status', 'UPDATE'),
      ('billing_accounts', 'status', 'UPDATE'), ('billing_accounts', 'status', 'INSERT'),
      ('subscriptions', 'state', 'UPDATE'), ('subscriptions', 'state', 'INSERT'),
      ('ai_jobs', 'created_at', 'UPDATE'), ('ai_jobs', 'created_at', 'INSERT')) AS c(tbl, col, priv)
   WHERE NOT has_column_privilege('authenticated', 'public.' || c.tbl, c.col, c.priv);
  IF problems IS NOT NULL THEN
    RAISE EXCEPTION '017 down post-check failed: 012/015 privileges not restored: %', problems;
  END IF;
  IF has_column_privilege('authenticated', 'public.users', 'created_at', 'UPDATE')
     OR NOT has_table_privilege('authenticated', 'public.billing_accounts', 'DELETE')
     OR NOT has_table_privilege('authenticated', 'public.subscriptions', 'DELETE') THEN
    RAISE EXCEPTION '017 down post-check failed: table privileges differ from 012';
  END IF;
END $$;

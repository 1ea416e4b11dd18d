-- 017_rls_hardening.sql
-- Purpose: close the in-tenant holes the RLS test matrix found in 012/015 (docs/tenancy-and-rls.md).
--   Request code runs as `authenticated`; `service_role` performs verified and system transitions.
--   * Memberships count only while their workspace is active: a suspended or archived workspace
--     is invisible to its own members; the parent agency's admins/managers and super still
--     govern it (so they can reactivate it). is_super, visible_workspace_ids,
--     workspaces_with_permission and has_platform_permission are replaced (CREATE OR REPLACE).
--   * Workspace status: a BEFORE UPDATE trigger lets `authenticated` change a workspace's
--     status only with settings.manage in its PARENT workspace (agency -> business, super ->
--     agency); its own admins cannot suspend or reactivate it.
--   * No privilege escalation: assigning a role template (membership insert/update/delete) or
--     granting a capability (membership_permissions allow = true, or removing a deny) needs
--     the writer to hold every capability involved in that workspace, or the platform
--     permission users.manage. New helpers: holds_all_capabilities, can_assign_role,
--     can_grant_permission.
--   * users: a super member acting in the super workspace reads every user (in_platform_scope)
--     and, with platform users.manage, updates users without memberships; `email` is no longer
--     updatable by request code (the verification flow, run by the service, changes it).
--   * Service-owned columns: workspace_domains has no UPDATE for request code (verification is
--     a service transition); branding_assets are inserted pending and scan_status, storage_path,
--     mime_type, size_bytes are not updatable; billing_accounts/subscriptions mirror Stripe
--     (PRD §23.3): request code may only create a billing account (workspace_id alone);
--     ai_jobs timestamps and creator are not writable (created_by_user_id is the caller or null).
-- Pre-check: 016 is applied; the 012/015 policies replaced here exist; the 017 helpers and
--   trigger do not exist yet.
-- Post-check: the new helpers and trigger exist (helpers executable by authenticated, not by
--   PUBLIC/anon); every replaced policy is gone and every new policy exists TO authenticated;
--   authenticated holds none of the service-owned column privileges above and keeps the
--   user-editable ones; the governing-membership helpers require an active workspace.
-- Failure handling: the runner's transaction rolls back; nothing applied; fix and re-run.
--   Forward-only in production (PRD §12.6): once applied, correct it with a later migration.
--   017_rls_hardening.down.sql restores the 012/015 definitions for staging validation only.

DO $$
DECLARE
  missing text;
BEGIN
  IF to_regclass('public.sdk_contract_versions') IS NULL THEN
    RAISE EXCEPTION '017 pre-check failed: 016_sdk_contract_versions is not applied';
  END IF;
  SELECT string_agg(p.tbl || '.' || p.pol, ', ') INTO missing
    FROM (VALUES
      ('users', 'users_select_self_or_visible_member'),
      ('users', 'users_update_self_or_users_manage'),
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
                      WHERE pp.schemaname = 'public' AND pp.tablename = p.tbl AND pp.policyname = p.pol);
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION '017 pre-check failed: 012/015 policies to replace are missing: %', missing;
  END IF;
  IF to_regprocedure('shell.holds_all_capabilities(uuid,text[])') IS NOT NULL
     OR to_regprocedure('shell.check_workspace_status_change()') IS NOT NULL THEN
    RAISE EXCEPTION '017 pre-check failed: 017 helpers already exist (017 already applied?)';
  END IF;
END $$;

-- Governing memberships: only memberships of ACTIVE workspaces count (changed lines marked).

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
                              AND w.status = 'active'  -- 017
     WHERE u.id = shell.current_user_id()
       AND u.status = 'active'
  )
$$;
COMMENT ON FUNCTION shell.is_super() IS
  'The current user is active and holds an active membership in the (active) super workspace.';

-- Threat note (SECURITY DEFINER): reads users, memberships and workspaces without RLS (the
-- policies of those tables call it, so it must not recurse). The result depends only on the
-- caller's own claims (sub, workspace_id) and the database's memberships: a forged
-- workspace_id without a governing membership yields an empty set. A membership in a
-- suspended or archived workspace governs nothing, so that workspace's own members lose
-- access while its parent agency's admins/managers and super still see it.
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
                               AND mw.status = 'active'  -- 017
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
  'Workspaces the current request may read (docs/tenancy-and-rls.md "Visible workspaces"); memberships of inactive workspaces govern nothing.';

-- Threat note (SECURITY DEFINER): reads memberships, overrides and role maps without RLS.
-- `cap` only selects which capability to test; the answer is limited to workspaces visible
-- to the caller's own claims, and requires the capability both in the claims and in the
-- database, so neither a forged claim nor a stale membership widens access. Memberships of
-- suspended or archived workspaces grant nothing.
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
                               AND mw.status = 'active'  -- 017
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
  'Visible workspaces where cap is both claimed and granted by a governing membership of an active workspace.';

-- Threat note (SECURITY DEFINER): as workspaces_with_permission, for global tables: the
-- caller must be an active super member (of the active super workspace) whose super
-- membership grants cap, and cap must be claimed. Answers only about the caller.
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
                                     AND w.status = 'active'  -- 017
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

-- New helpers. None is SECURITY DEFINER: they read only roles/permissions (readable by every
-- authenticated request) and call the DEFINER helpers above for everything else.

-- Threat note: answers only whether the CALLER holds every capability of `caps` in `ws`
-- (claims ∩ database, as workspaces_with_permission computes it); it reveals nothing about
-- other users. An unknown or null capability is never held.
CREATE FUNCTION shell.holds_all_capabilities(ws uuid, caps text[])
RETURNS boolean
LANGUAGE sql
STABLE
SET search_path = ''
AS $$
  SELECT ws IS NOT NULL AND caps IS NOT NULL
     AND NOT EXISTS (
           SELECT 1 FROM pg_catalog.unnest(caps) AS c(cap)
            WHERE c.cap IS NULL OR NOT (ws = ANY (shell.workspaces_with_permission(c.cap))))
$$;
COMMENT ON FUNCTION shell.holds_all_capabilities(uuid, text[]) IS
  'The caller holds every capability of caps in workspace ws (effective: claimed and granted).';

-- Threat note: a writer may hand out a role template only if it holds every capability of
-- that role in `ws`, or is super with the platform permission users.manage; otherwise a
-- users.manage holder could promote anyone (itself via an accomplice) above its own rights.
CREATE FUNCTION shell.can_assign_role(ws uuid, role_code text)
RETURNS boolean
LANGUAGE sql
STABLE
SET search_path = ''
AS $$
  SELECT shell.has_platform_permission('users.manage')
      OR (EXISTS (SELECT 1 FROM public.roles r WHERE r.code = role_code)
          AND shell.holds_all_capabilities(ws, ARRAY(
                SELECT p.code
                  FROM public.roles r
                  JOIN public.role_permissions rp ON rp.role_id = r.id
                  JOIN public.permissions p ON p.id = rp.permission_id
                 WHERE r.code = role_code)))
$$;
COMMENT ON FUNCTION shell.can_assign_role(uuid, text) IS
  'The caller may assign role_code in ws: holds all its capabilities there, or platform users.manage.';

-- Threat note: as can_assign_role, for one capability (an allow override, or removing a
-- deny override). An unknown permission id is never grantable.
CREATE FUNCTION shell.can_grant_permission(ws uuid, permission uuid)
RETURNS boolean
LANGUAGE sql
STABLE
SET search_path = ''
AS $$
  SELECT shell.has_platform_permission('users.manage')
      OR shell.holds_all_capabilities(ws, ARRAY[(SELECT p.code FROM public.permissions p WHERE p.id = permission)])
$$;
COMMENT ON FUNCTION shell.can_grant_permission(uuid, uuid) IS
  'The caller may grant the capability with id permission in ws: holds it there, or platform users.manage.';

-- Threat note: true only when the caller's active workspace is the super workspace and one
-- of the caller's governing memberships makes it visible (i.e. the caller is super and acts
-- in platform scope). Reads the super workspace row through RLS as the caller.
CREATE FUNCTION shell.in_platform_scope()
RETURNS boolean
LANGUAGE sql
STABLE
SET search_path = ''
AS $$
  SELECT EXISTS (
    SELECT 1 FROM public.workspaces w
     WHERE w.id = shell.current_workspace_id()
       AND w.type = 'super'
       AND w.id = ANY (shell.visible_workspace_ids()))
$$;
COMMENT ON FUNCTION shell.in_platform_scope() IS
  'The active workspace is the super workspace and the caller governs it (platform scope).';

-- Trigger: only the parent's settings.manage (or the service) changes a workspace's status.
-- Not SECURITY DEFINER: it reads no table; workspaces_with_permission answers for the caller.
CREATE FUNCTION shell.check_workspace_status_change()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
  IF current_user = 'authenticated'
     AND NOT coalesce(OLD.parent_workspace_id = ANY (shell.workspaces_with_permission('settings.manage')), false) THEN
    RAISE EXCEPTION 'workspace %: its status (% -> %) can only be changed with settings.manage in its parent workspace',
      OLD.id, OLD.status, NEW.status
      USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END;
$$;
COMMENT ON FUNCTION shell.check_workspace_status_change() IS
  'Trigger: authenticated changes a workspace status only with settings.manage in the parent workspace.';

CREATE TRIGGER workspaces_check_status_change
  BEFORE UPDATE ON public.workspaces
  FOR EACH ROW
  WHEN (NEW.status IS DISTINCT FROM OLD.status)
  EXECUTE FUNCTION shell.check_workspace_status_change();

REVOKE ALL ON FUNCTION shell.holds_all_capabilities(uuid, text[]), shell.can_assign_role(uuid, text),
  shell.can_grant_permission(uuid, uuid), shell.in_platform_scope(), shell.check_workspace_status_change()
  FROM PUBLIC, anon;
GRANT EXECUTE ON FUNCTION shell.holds_all_capabilities(uuid, text[]), shell.can_assign_role(uuid, text),
  shell.can_grant_permission(uuid, uuid), shell.in_platform_scope()
  TO authenticated, service_role;

-- users: platform scope reads every user; email is the service's (verification flow).
REVOKE UPDATE ON public.users FROM authenticated;
GRANT UPDATE (display_name, status) ON public.users TO authenticated;

DROP POLICY users_select_self_or_visible_member ON public.users;
CREATE POLICY users_select_self_visible_member_or_platform ON public.users
  FOR SELECT TO authenticated
  USING (
    id = (SELECT shell.current_user_id())
    OR EXISTS (SELECT 1 FROM public.workspace_memberships m
                WHERE m.user_id = users.id
                  AND m.workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]))
    OR (SELECT shell.in_platform_scope())
  );
-- Self (while active, and staying active), another user over every one of whose workspaces
-- the caller holds users.manage, or any other user in platform scope with platform users.manage
-- (users without memberships have no workspace that could grant it).
DROP POLICY users_update_self_or_users_manage ON public.users;
CREATE POLICY users_update_self_users_manage_or_platform ON public.users
  FOR UPDATE TO authenticated
  USING (
    (id = (SELECT shell.current_user_id()) AND status = 'active')
    OR (id IS DISTINCT FROM (SELECT shell.current_user_id()) AND shell.can_manage_user(id))
    OR (id IS DISTINCT FROM (SELECT shell.current_user_id())
        AND (SELECT shell.in_platform_scope()) AND (SELECT shell.has_platform_permission('users.manage')))
  )
  WITH CHECK (
    (id = (SELECT shell.current_user_id()) AND status = 'active')
    OR (id IS DISTINCT FROM (SELECT shell.current_user_id()) AND shell.can_manage_user(id))
    OR (id IS DISTINCT FROM (SELECT shell.current_user_id())
        AND (SELECT shell.in_platform_scope()) AND (SELECT shell.has_platform_permission('users.manage')))
  );

-- workspace_memberships: a writer only touches memberships whose role it could assign.
DROP POLICY workspace_memberships_insert_with_users_invite ON public.workspace_memberships;
CREATE POLICY workspace_memberships_insert_with_users_invite_and_role ON public.workspace_memberships
  FOR INSERT TO authenticated
  WITH CHECK (
    workspace_id = ANY ((SELECT shell.workspaces_with_permission('users.invite'))::uuid[])
    AND user_id IS DISTINCT FROM (SELECT shell.current_user_id())
    AND shell.can_assign_role(workspace_id, role_template)
  );
DROP POLICY workspace_memberships_update_with_users_manage ON public.workspace_memberships;
CREATE POLICY workspace_memberships_update_with_users_manage_and_role ON public.workspace_memberships
  FOR UPDATE TO authenticated
  USING (
    workspace_id = ANY ((SELECT shell.workspaces_with_permission('users.manage'))::uuid[])
    AND user_id IS DISTINCT FROM (SELECT shell.current_user_id())
    AND shell.can_assign_role(workspace_id, role_template)
  )
  WITH CHECK (
    workspace_id = ANY ((SELECT shell.workspaces_with_permission('users.manage'))::uuid[])
    AND user_id IS DISTINCT FROM (SELECT shell.current_user_id())
    AND shell.can_assign_role(workspace_id, role_template)
  );
DROP POLICY workspace_memberships_delete_with_users_manage ON public.workspace_memberships;
CREATE POLICY workspace_memberships_delete_with_users_manage_and_role ON public.workspace_memberships
  FOR DELETE TO authenticated
  USING (
    workspace_id = ANY ((SELECT shell.workspaces_with_permission('users.manage'))::uuid[])
    AND user_id IS DISTINCT FROM (SELECT shell.current_user_id())
    AND shell.can_assign_role(workspace_id, role_template)
  );

-- membership_permissions: denying is open to users.manage; granting (allow = true, or
-- deleting a deny) needs the capability itself.
DROP POLICY membership_permissions_insert_with_users_manage ON public.membership_permissions;
CREATE POLICY membership_permissions_insert_with_users_manage_and_cap ON public.membership_permissions
  FOR INSERT TO authenticated
  WITH CHECK (
    workspace_id = ANY ((SELECT shell.workspaces_with_permission('users.manage'))::uuid[])
    AND NOT EXISTS (SELECT 1 FROM public.workspace_memberships m
                     WHERE m.id = membership_id AND m.user_id = (SELECT shell.current_user_id()))
    AND (NOT allow OR shell.can_grant_permission(workspace_id, permission_id))
  );
DROP POLICY membership_permissions_update_with_users_manage ON public.membership_permissions;
CREATE POLICY membership_permissions_update_with_users_manage_and_cap ON public.membership_permissions
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
    AND (NOT allow OR shell.can_grant_permission(workspace_id, permission_id))
  );
DROP POLICY membership_permissions_delete_with_users_manage ON public.membership_permissions;
CREATE POLICY membership_permissions_delete_with_users_manage_and_cap ON public.membership_permissions
  FOR DELETE TO authenticated
  USING (
    workspace_id = ANY ((SELECT shell.workspaces_with_permission('users.manage'))::uuid[])
    AND NOT EXISTS (SELECT 1 FROM public.workspace_memberships m
                     WHERE m.id = membership_id AND m.user_id = (SELECT shell.current_user_id()))
    AND (allow OR shell.can_grant_permission(workspace_id, permission_id))
  );

-- workspace_domains: created pending (015's insert check stays), deleted with domains.manage;
-- every other column (status, verified_at, host, token, last_checked_at) is the service's.
REVOKE UPDATE ON public.workspace_domains FROM authenticated;
DROP POLICY workspace_domains_update_with_domains_manage ON public.workspace_domains;

-- branding_assets: uploaded pending; the scan result and the object's facts are the service's.
REVOKE UPDATE ON public.branding_assets FROM authenticated;
GRANT UPDATE (asset_type, active, uploaded_at) ON public.branding_assets TO authenticated;
DROP POLICY branding_assets_insert_with_branding_edit ON public.branding_assets;
CREATE POLICY branding_assets_insert_pending_with_branding_edit ON public.branding_assets
  FOR INSERT TO authenticated
  WITH CHECK (
    workspace_id = ANY ((SELECT shell.workspaces_with_permission('branding.edit'))::uuid[])
    AND scan_status = 'pending' AND NOT active
  );

-- billing: Stripe webhooks, via the service, are the truth (PRD §23.3). Request code may only
-- create the account row of a workspace (billing.manage); state, Stripe ids and subscriptions
-- are service-written, and deleting (then re-creating) rows would reset the state.
REVOKE INSERT, UPDATE, DELETE ON public.billing_accounts FROM authenticated;
GRANT INSERT (workspace_id) ON public.billing_accounts TO authenticated;
DROP POLICY billing_accounts_update_with_billing_manage ON public.billing_accounts;
DROP POLICY billing_accounts_delete_with_billing_manage ON public.billing_accounts;
REVOKE INSERT, UPDATE, DELETE ON public.subscriptions FROM authenticated;
DROP POLICY subscriptions_insert_with_billing_manage ON public.subscriptions;
DROP POLICY subscriptions_update_with_billing_manage ON public.subscriptions;
DROP POLICY subscriptions_delete_with_billing_manage ON public.subscriptions;

-- ai_jobs: created_at drives the 90-day retention; timestamps and creator are audit facts.
REVOKE INSERT, UPDATE ON public.ai_jobs FROM authenticated;
GRANT INSERT (id, workspace_id, job_type, state, context_ref, intent_json, artifacts_json, error_code,
              error_message, created_by_user_id)
  ON public.ai_jobs TO authenticated;
GRANT UPDATE (job_type, state, context_ref, intent_json, artifacts_json, error_code, error_message)
  ON public.ai_jobs TO authenticated;
DROP POLICY ai_jobs_insert_with_ai_orchestration_manage ON public.ai_jobs;
CREATE POLICY ai_jobs_insert_own_with_ai_orchestration_manage ON public.ai_jobs
  FOR INSERT TO authenticated
  WITH CHECK (
    workspace_id = ANY ((SELECT shell.workspaces_with_permission('ai.orchestration.manage'))::uuid[])
    AND (created_by_user_id IS NULL OR created_by_user_id = (SELECT shell.current_user_id()))
  );

DO $$
DECLARE
  problems text;
BEGIN
  SELECT string_agg(f, ', ') INTO problems
    FROM unnest(ARRAY['shell.holds_all_capabilities(uuid,text[])', 'shell.can_assign_role(uuid,text)',
                      'shell.can_grant_permission(uuid,uuid)', 'shell.in_platform_scope()']) AS f
   WHERE to_regprocedure(f) IS NULL
      OR NOT has_function_privilege('authenticated', to_regprocedure(f), 'EXECUTE')
      OR has_function_privilege('anon', to_regprocedure(f), 'EXECUTE')
      OR EXISTS (SELECT 1 FROM pg_catalog.pg_proc p, aclexplode(p.proacl) a
                  WHERE p.oid = to_regprocedure(f) AND a.grantee = 0)
      OR (SELECT p.prosecdef OR p.provolatile <> 's' FROM pg_catalog.pg_proc p WHERE p.oid = to_regprocedure(f));
  IF problems IS NOT NULL THEN
    RAISE EXCEPTION '017 post-check failed: helpers missing, not STABLE invoker, or executable by PUBLIC/anon: %', problems;
  END IF;

  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger
                  WHERE tgrelid = 'public.workspaces'::regclass AND tgname = 'workspaces_check_status_change'
                    AND tgfoid = 'shell.check_workspace_status_change()'::regprocedure) THEN
    RAISE EXCEPTION '017 post-check failed: trigger workspaces_check_status_change missing';
  END IF;

  SELECT string_agg(f, ', ') INTO problems
    FROM unnest(ARRAY['shell.is_super()', 'shell.visible_workspace_ids()',
                      'shell.workspaces_with_permission(text)', 'shell.has_platform_permission(text)']) AS f
    JOIN pg_catalog.pg_proc p ON p.oid = to_regprocedure(f)
   WHERE p.prosrc NOT LIKE '%status = ''active''  -- 017%' OR NOT p.prosecdef
      OR NOT has_function_privilege('authenticated', p.oid, 'EXECUTE')
      OR has_function_privilege('anon', p.oid, 'EXECUTE');
  IF problems IS NOT NULL THEN
    RAISE EXCEPTION '017 post-check failed: governing helpers not replaced (active workspace filter, DEFINER, grants): %', problems;
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
   WHERE EXISTS (SELECT 1 FROM pg_catalog.pg_policies pp
                  WHERE pp.schemaname = 'public' AND pp.tablename = p.tbl AND pp.policyname = p.pol);
  IF problems IS NOT NULL THEN
    RAISE EXCEPTION '017 post-check failed: replaced policies still exist: %', problems;
  END IF;

  SELECT string_agg(p.tbl || '.' || p.pol, ', ') INTO problems
    FROM (VALUES
      ('users', 'users_select_self_visible_member_or_platform'), ('users', 'users_update_self_users_manage_or_platform'),
      ('workspace_memberships', 'workspace_memberships_insert_with_users_invite_and_role'),
      ('workspace_memberships', 'workspace_memberships_update_with_users_manage_and_role'),
      ('workspace_memberships', 'workspace_memberships_delete_with_users_manage_and_role'),
      ('membership_permissions', 'membership_permissions_insert_with_users_manage_and_cap'),
      ('membership_permissions', 'membership_permissions_update_with_users_manage_and_cap'),
      ('membership_permissions', 'membership_permissions_delete_with_users_manage_and_cap'),
      ('branding_assets', 'branding_assets_insert_pending_with_branding_edit'),
      ('ai_jobs', 'ai_jobs_insert_own_with_ai_orchestration_manage')) AS p(tbl, pol)
   WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policies pp
                      WHERE pp.schemaname = 'public' AND pp.tablename = p.tbl AND pp.policyname = p.pol
                        AND pp.roles = ARRAY['authenticated']::name[]);
  IF problems IS NOT NULL THEN
    RAISE EXCEPTION '017 post-check failed: missing policies (TO authenticated) %', problems;
  END IF;

  -- Service-owned columns: request code must hold none of these privileges.
  SELECT string_agg(c.tbl || '.' || c.col || ' ' || c.priv, ', ') INTO problems
    FROM (VALUES
      ('users', 'email', 'UPDATE'),
      ('workspace_domains', 'status', 'UPDATE'), ('workspace_domains', 'verified_at', 'UPDATE'),
      ('workspace_domains', 'host', 'UPDATE'), ('workspace_domains', 'verification_token', 'UPDATE'),
      ('branding_assets', 'scan_status', 'UPDATE'), ('branding_assets', 'storage_path', 'UPDATE'),
      ('branding_assets', 'mime_type', 'UPDATE'), ('branding_assets', 'size_bytes', 'UPDATE'),
      ('billing_accounts', 'status', 'UPDATE'), ('billing_accounts', 'stripe_customer_id', 'UPDATE'),
      ('billing_accounts', 'status', 'INSERT'), ('billing_accounts', 'stripe_customer_id', 'INSERT'),
      ('subscriptions', 'state', 'UPDATE'), ('subscriptions', 'period_end', 'UPDATE'),
      ('subscriptions', 'stripe_sub_id', 'UPDATE'), ('subscriptions', 'state', 'INSERT'),
      ('ai_jobs', 'created_at', 'UPDATE'), ('ai_jobs', 'created_at', 'INSERT'),
      ('ai_jobs', 'created_by_user_id', 'UPDATE'), ('ai_jobs', 'started_at', 'UPDATE'),
      ('ai_jobs', 'finished_at', 'UPDATE')) AS c(tbl, col, priv)
   WHERE has_column_privilege('authenticated', 'public.' || c.tbl, c.col, c.priv);
  IF problems IS NOT NULL THEN
    RAISE EXCEPTION '017 post-check failed: authenticated still holds %', problems;
  END IF;
  IF has_table_privilege('authenticated', 'public.billing_accounts', 'DELETE')
     OR has_table_privilege('authenticated', 'public.subscriptions', 'DELETE')
     OR has_any_column_privilege('authenticated', 'public.workspace_domains', 'UPDATE') THEN
    RAISE EXCEPTION '017 post-check failed: authenticated may still delete billing rows or update workspace_domains';
  END IF;

  -- What stays user-editable.
  SELECT string_agg(c.tbl || '.' || c.col || ' ' || c.priv, ', ') INTO problems
    FROM (VALUES
      ('users', 'display_name', 'UPDATE'), ('users', 'status', 'UPDATE'),
      ('branding_assets', 'active', 'UPDATE'), ('billing_accounts', 'workspace_id', 'INSERT'),
      ('ai_jobs', 'state', 'UPDATE'), ('ai_jobs', 'context_ref', 'UPDATE'),
      ('ai_jobs', 'job_type', 'INSERT')) AS c(tbl, col, priv)
   WHERE NOT has_column_privilege('authenticated', 'public.' || c.tbl, c.col, c.priv);
  IF problems IS NOT NULL THEN
    RAISE EXCEPTION '017 post-check failed: authenticated lacks %', problems;
  END IF;
  IF NOT has_table_privilege('authenticated', 'public.workspace_domains', 'INSERT')
     OR NOT has_table_privilege('authenticated', 'public.workspace_domains', 'DELETE') THEN
    RAISE EXCEPTION '017 post-check failed: authenticated lost INSERT or DELETE on workspace_domains';
  END IF;
END $$;

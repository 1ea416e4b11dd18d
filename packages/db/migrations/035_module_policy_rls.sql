-- 035_module_policy_rls.sql
-- Purpose: the agency's module policy (034, docs/modules.md "Who may do what") as a second,
--   independent layer under the code's check: a business's module installations are inserted,
--   updated and deleted by request code only when `shell.module_management_allowed(ws, cap)`
--   for the module capability the write uses: the workspace is no business, or its agency's
--   `module_policies.businesses_may_manage` is true, or the caller holds `cap` from above,
--   the code's rule (`requireModuleManager`: the capability granted by a membership that
--   governs the business from above, not by its own roles): an agency admin/manager
--   membership in its agency, or a super membership (`shell.has_platform_permission`), whose
--   role or allow override grants `cap` and no deny override takes it (so a super_user, or an
--   agency manager for modules.install, does not govern). The capability rules of 012 stay as
--   they are (AND).
--   And what is installed is `modules.install`'s alone: 012's update policy lets any holder of
--   modules.install, modules.enable or modules.disable update the row; a BEFORE UPDATE trigger
--   (`shell.check_module_installation_change`) now refuses request code (42501) changing any
--   column but `state` and its timestamps (`module_version`, `previous_version`, `config_json`,
--   `module_key`, `workspace_id`, `installed_by_user_id`, `id`, `created_at`) without
--   modules.install in the row's workspace (held there or governing it; old and new
--   workspace) that `module_management_allowed` admits. Enable and disable alone change only `state`, `state_changed_at`,
--   `enabled_at` (and `updated_at`, set by its trigger).
-- Pre-check: 034 is applied (module_policies exists); 035 is not (the function is absent).
-- Post-check: the function (uuid, text) exists (SECURITY DEFINER, empty search_path, EXECUTE for
--   authenticated and service_role only) and the three write policies of module_installations
--   call it; the column trigger exists, its function not SECURITY DEFINER, empty search_path.
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.
--   035_module_policy_rls.down.sql restores 012's policies and drops the function and the
--   column trigger.

DO $$
BEGIN
  IF to_regclass('public.module_policies') IS NULL THEN
    RAISE EXCEPTION '035 pre-check failed: 034_module_installations_lifecycle is not applied';
  END IF;
  IF to_regprocedure('shell.module_management_allowed(uuid, text)') IS NOT NULL THEN
    RAISE EXCEPTION '035 pre-check failed: shell.module_management_allowed already exists';
  END IF;
END $$;

-- Threat note (SECURITY DEFINER): reads a business's agency policy and the caller's own
-- memberships and their capability overrides past RLS (a business member cannot see its
-- agency's rows). Answers only a boolean about the caller (its claims' sub) and `ws`; null
-- for an unknown workspace, which fails the policies. `cap` only selects the capability
-- tested, and must also be claimed (as workspaces_with_permission requires).
CREATE FUNCTION shell.module_management_allowed(ws uuid, cap text)
RETURNS boolean
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $$
  SELECT CASE
           WHEN w.type <> 'business' THEN true
           ELSE coalesce((SELECT p.businesses_may_manage
                            FROM public.module_policies p
                           WHERE p.agency_workspace_id = w.parent_workspace_id), false)
                OR shell.has_platform_permission(cap)
                OR (cap = ANY (shell.claimed_permissions())
                    AND EXISTS (
                     SELECT 1
                       FROM public.users u
                       JOIN public.workspace_memberships m ON m.user_id = u.id AND m.active
                       JOIN public.workspaces mw ON mw.id = m.workspace_id AND mw.status = 'active'
                      WHERE u.id = shell.current_user_id()
                        AND u.status = 'active'
                        AND m.workspace_id = w.parent_workspace_id
                        AND m.role_template IN ('agency_admin', 'agency_manager')
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
                               WHERE mp.membership_id = m.id AND p.code = cap AND mp.allow))))
         END
    FROM public.workspaces w
   WHERE w.id = ws
$$;
COMMENT ON FUNCTION shell.module_management_allowed(uuid, text) IS
  'RLS helper: may the caller use module capability cap on ws''s modules? Not a business, its agency''s policy allows it, or a membership governing it from above grants cap.';
REVOKE ALL ON FUNCTION shell.module_management_allowed(uuid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION shell.module_management_allowed(uuid, text) TO authenticated, service_role;

-- Each capability pairs with its own allowance: a business admin's modules.install under a
-- forbidding policy is not rescued by the agency manager's modules.enable from above.
ALTER POLICY module_installations_insert_with_modules_install ON public.module_installations
  WITH CHECK (workspace_id = ANY ((SELECT shell.workspaces_with_permission('modules.install'))::uuid[])
              AND shell.module_management_allowed(workspace_id, 'modules.install'));
ALTER POLICY module_installations_update_with_module_capability ON public.module_installations
  USING (
    (workspace_id = ANY ((SELECT shell.workspaces_with_permission('modules.install'))::uuid[])
     AND shell.module_management_allowed(workspace_id, 'modules.install'))
    OR (workspace_id = ANY ((SELECT shell.workspaces_with_permission('modules.enable'))::uuid[])
        AND shell.module_management_allowed(workspace_id, 'modules.enable'))
    OR (workspace_id = ANY ((SELECT shell.workspaces_with_permission('modules.disable'))::uuid[])
        AND shell.module_management_allowed(workspace_id, 'modules.disable'))
  )
  WITH CHECK (
    (workspace_id = ANY ((SELECT shell.workspaces_with_permission('modules.install'))::uuid[])
     AND shell.module_management_allowed(workspace_id, 'modules.install'))
    OR (workspace_id = ANY ((SELECT shell.workspaces_with_permission('modules.enable'))::uuid[])
        AND shell.module_management_allowed(workspace_id, 'modules.enable'))
    OR (workspace_id = ANY ((SELECT shell.workspaces_with_permission('modules.disable'))::uuid[])
        AND shell.module_management_allowed(workspace_id, 'modules.disable'))
  );
ALTER POLICY module_installations_delete_with_modules_install ON public.module_installations
  USING (workspace_id = ANY ((SELECT shell.workspaces_with_permission('modules.install'))::uuid[])
         AND shell.module_management_allowed(workspace_id, 'modules.install'));

-- What is installed (version, its predecessor, the config, whose row it is) changes only with
-- modules.install, allowed for that workspace under its agency's policy
-- (module_management_allowed(ws, 'modules.install')); a state change (enable, disable) needs any
-- module capability (the update policy).
-- Not SECURITY DEFINER: it reads no table; the helpers answer for the caller.
-- The service (service_role) is not checked: its writes are the code's.
CREATE FUNCTION shell.check_module_installation_change()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
  IF current_user = 'authenticated'
     AND NOT coalesce(OLD.workspace_id = ANY (shell.workspaces_with_permission('modules.install'))
                      AND NEW.workspace_id = ANY (shell.workspaces_with_permission('modules.install'))
                      AND shell.module_management_allowed(OLD.workspace_id, 'modules.install')
                      AND shell.module_management_allowed(NEW.workspace_id, 'modules.install'),
                      false) THEN
    RAISE EXCEPTION 'module installation %: only state changes without modules.install (module %)',
      OLD.id, OLD.module_key
      USING ERRCODE = '42501',
            HINT = 'module_version, previous_version and config_json need modules.install in the workspace';
  END IF;
  RETURN NEW;
END;
$$;
COMMENT ON FUNCTION shell.check_module_installation_change() IS
  'Trigger: authenticated changes what a module installation is (not its state) only with modules.install in its workspace, allowed there by the agency''s module policy.';
REVOKE ALL ON FUNCTION shell.check_module_installation_change() FROM PUBLIC, anon;

CREATE TRIGGER module_installations_check_installed_columns
  BEFORE UPDATE ON public.module_installations
  FOR EACH ROW
  WHEN ((NEW.id, NEW.workspace_id, NEW.module_key, NEW.module_version, NEW.previous_version,
         NEW.config_json, NEW.installed_by_user_id, NEW.created_at)
        IS DISTINCT FROM
        (OLD.id, OLD.workspace_id, OLD.module_key, OLD.module_version, OLD.previous_version,
         OLD.config_json, OLD.installed_by_user_id, OLD.created_at))
  EXECUTE FUNCTION shell.check_module_installation_change();

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_proc
              WHERE oid = 'shell.module_management_allowed(uuid, text)'::regprocedure
                AND (NOT prosecdef OR proconfig IS DISTINCT FROM ARRAY['search_path=""']))
     OR has_function_privilege('anon', 'shell.module_management_allowed(uuid, text)', 'EXECUTE') THEN
    RAISE EXCEPTION '035 post-check failed: shell.module_management_allowed is not as expected';
  END IF;
  IF (SELECT count(*) FROM pg_policies
       WHERE schemaname = 'public' AND tablename = 'module_installations'
         AND policyname IN ('module_installations_insert_with_modules_install',
                            'module_installations_update_with_module_capability',
                            'module_installations_delete_with_modules_install')
         AND coalesce(with_check, qual) LIKE '%module_management_allowed%') <> 3 THEN
    RAISE EXCEPTION '035 post-check failed: the write policies of module_installations do not call module_management_allowed';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger
                  WHERE tgrelid = 'public.module_installations'::regclass
                    AND tgname = 'module_installations_check_installed_columns' AND NOT tgisinternal)
     OR EXISTS (SELECT 1 FROM pg_catalog.pg_proc
                 WHERE oid = 'shell.check_module_installation_change()'::regprocedure
                   AND (prosecdef OR proconfig IS DISTINCT FROM ARRAY['search_path=""'])) THEN
    RAISE EXCEPTION '035 post-check failed: the module_installations column trigger is not as expected';
  END IF;
END $$;

-- 035_module_policy_rls.down.sql
-- Purpose: undo 035: module_installations' write policies as 012 wrote them, drop
--   shell.module_management_allowed, and drop the column trigger (any module capability may
--   then change any column again, as 012 had it).
-- Pre-check: 035 is applied (the function exists).
-- Post-check: the functions and the trigger are gone and no policy of module_installations
--   calls module_management_allowed.
-- Failure handling: the runner's transaction rolls back; nothing changes. Fix and re-run.
--   Staging only: the agency's module policy is then enforced by the code alone.

DO $$
BEGIN
  IF to_regprocedure('shell.module_management_allowed(uuid, text)') IS NULL THEN
    RAISE EXCEPTION '035 down pre-check failed: shell.module_management_allowed does not exist (035 not applied?)';
  END IF;
END $$;

DROP TRIGGER module_installations_check_installed_columns ON public.module_installations;
DROP FUNCTION shell.check_module_installation_change();

ALTER POLICY module_installations_insert_with_modules_install ON public.module_installations
  WITH CHECK (workspace_id = ANY ((SELECT shell.workspaces_with_permission('modules.install'))::uuid[]));
ALTER POLICY module_installations_update_with_module_capability ON public.module_installations
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
ALTER POLICY module_installations_delete_with_modules_install ON public.module_installations
  USING (workspace_id = ANY ((SELECT shell.workspaces_with_permission('modules.install'))::uuid[]));
DROP FUNCTION shell.module_management_allowed(uuid, text);

DO $$
BEGIN
  IF to_regprocedure('shell.module_management_allowed(uuid, text)') IS NOT NULL
     OR to_regprocedure('shell.check_module_installation_change()') IS NOT NULL
     OR EXISTS (SELECT 1 FROM pg_policies
                 WHERE schemaname = 'public' AND tablename = 'module_installations'
                   AND coalesce(with_check, qual) LIKE '%module_management_allowed%') THEN
    RAISE EXCEPTION '035 down post-check failed: something of 035 is still there';
  END IF;
END $$;

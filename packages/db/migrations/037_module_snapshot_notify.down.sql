-- 037_module_snapshot_notify.down.sql
-- Purpose: undo 037: drop the module snapshot cache's triggers and their functions. The caches
--   of running processes turn themselves off (their verify no longer finds the triggers).
-- Pre-check: 037 is applied (shell.notify_modules_changed exists).
-- Post-check: neither function is left.
-- Failure handling: the runner's transaction rolls back and nothing changes; fix and re-run.

DO $$
BEGIN
  IF to_regprocedure('shell.notify_modules_changed()') IS NULL THEN
    RAISE EXCEPTION '037 down pre-check failed: 037 is not applied';
  END IF;
END $$;

DROP TRIGGER module_installations_notify_module_cache ON public.module_installations;
DROP TRIGGER module_installations_truncate_notify_module_cache ON public.module_installations;
DROP TRIGGER billing_accounts_notify_module_cache ON public.billing_accounts;
DROP TRIGGER billing_accounts_truncate_notify_module_cache ON public.billing_accounts;
DROP TRIGGER module_registry_notify_module_cache ON public.module_registry;
DROP TRIGGER module_registry_truncate_notify_module_cache ON public.module_registry;
DROP TRIGGER module_catalog_notify_module_cache ON public.module_catalog;
DROP TRIGGER module_catalog_truncate_notify_module_cache ON public.module_catalog;
DROP TRIGGER workspaces_notify_module_cache ON public.workspaces;
DROP TRIGGER workspaces_truncate_notify_module_cache ON public.workspaces;
DROP FUNCTION shell.notify_modules_changed();
DROP FUNCTION shell.notify_all_modules_changed();

DO $$
BEGIN
  IF to_regprocedure('shell.notify_modules_changed()') IS NOT NULL
     OR to_regprocedure('shell.notify_all_modules_changed()') IS NOT NULL THEN
    RAISE EXCEPTION '037 down post-check failed: 037 functions remain';
  END IF;
END $$;

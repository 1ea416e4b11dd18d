-- 037_module_snapshot_notify.sql
-- Purpose: `NOTIFY shell_modules_changed` when anything a workspace's enabled-module snapshot
--   is read from changes, so each web process's module snapshot cache (packages/modules
--   createModuleSnapshotCache: the layout's navigation and the module page lookup) forgets it,
--   as 027 does for the session cache and 028 for the theme cache. Payloads:
--   * `workspace:<id>`: a module_installations row of that workspace (old and new), or a
--     billing_accounts row of that workspace (a business's snapshot also depends on its parent
--     agency's account: the cache forgets every entry whose workspace or parent it names);
--   * `all`: module_registry or module_catalog changed (a module's manifest, status or current
--     version: every workspace may show it), a workspace's parent or type changed or a
--     workspace was deleted (the billing fallback), or any of these tables was truncated.
--   Delivered on commit, never for a rolled-back write.
-- Pre-check: 036 is applied; 037 is not (shell.notify_modules_changed absent).
-- Post-check: both functions exist with an empty search_path, request roles and the service
--   cannot execute them, and the ten triggers exist and are enabled.
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.
--   037_module_snapshot_notify.down.sql undoes it; without the notifications the cache turns
--   itself off (its verify counts these triggers), so the down is safe with the same code.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = 'public' AND tablename = 'module_registry'
                   AND policyname = 'module_registry_select_registered_or_platform') THEN
    RAISE EXCEPTION '037 pre-check failed: 036_module_registry_visibility is not applied';
  END IF;
  IF to_regprocedure('shell.notify_modules_changed()') IS NOT NULL THEN
    RAISE EXCEPTION '037 pre-check failed: shell.notify_modules_changed exists (037 already applied?)';
  END IF;
END $$;

-- A row of a per-workspace table (module_installations, billing_accounts): its workspace (old and new).
CREATE FUNCTION shell.notify_modules_changed()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM pg_notify('shell_modules_changed', 'workspace:' || OLD.workspace_id);
  END IF;
  IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.workspace_id IS DISTINCT FROM OLD.workspace_id) THEN
    PERFORM pg_notify('shell_modules_changed', 'workspace:' || NEW.workspace_id);
  END IF;
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION shell.notify_modules_changed() IS
  'Trigger: tells the module snapshot caches the modules or billing of a workspace changed.';

-- The registry, the catalog or the tree: forget every snapshot.
CREATE FUNCTION shell.notify_all_modules_changed()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
  PERFORM pg_notify('shell_modules_changed', 'all');
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION shell.notify_all_modules_changed() IS
  'Trigger: tells the module snapshot caches to forget every workspace''s snapshot.';

REVOKE ALL ON FUNCTION shell.notify_modules_changed(), shell.notify_all_modules_changed()
  FROM PUBLIC, anon, authenticated, service_role;

CREATE TRIGGER module_installations_notify_module_cache
  AFTER INSERT OR UPDATE OR DELETE ON public.module_installations
  FOR EACH ROW EXECUTE FUNCTION shell.notify_modules_changed();
CREATE TRIGGER module_installations_truncate_notify_module_cache
  AFTER TRUNCATE ON public.module_installations
  FOR EACH STATEMENT EXECUTE FUNCTION shell.notify_all_modules_changed();
CREATE TRIGGER billing_accounts_notify_module_cache
  AFTER INSERT OR UPDATE OR DELETE ON public.billing_accounts
  FOR EACH ROW EXECUTE FUNCTION shell.notify_modules_changed();
CREATE TRIGGER billing_accounts_truncate_notify_module_cache
  AFTER TRUNCATE ON public.billing_accounts
  FOR EACH STATEMENT EXECUTE FUNCTION shell.notify_all_modules_changed();
CREATE TRIGGER module_registry_notify_module_cache
  AFTER INSERT OR UPDATE OR DELETE ON public.module_registry
  FOR EACH STATEMENT EXECUTE FUNCTION shell.notify_all_modules_changed();
CREATE TRIGGER module_registry_truncate_notify_module_cache
  AFTER TRUNCATE ON public.module_registry
  FOR EACH STATEMENT EXECUTE FUNCTION shell.notify_all_modules_changed();
CREATE TRIGGER module_catalog_notify_module_cache
  AFTER INSERT OR UPDATE OR DELETE ON public.module_catalog
  FOR EACH STATEMENT EXECUTE FUNCTION shell.notify_all_modules_changed();
CREATE TRIGGER module_catalog_truncate_notify_module_cache
  AFTER TRUNCATE ON public.module_catalog
  FOR EACH STATEMENT EXECUTE FUNCTION shell.notify_all_modules_changed();
CREATE TRIGGER workspaces_notify_module_cache
  AFTER UPDATE OF parent_workspace_id, type OR DELETE ON public.workspaces
  FOR EACH STATEMENT EXECUTE FUNCTION shell.notify_all_modules_changed();
CREATE TRIGGER workspaces_truncate_notify_module_cache
  AFTER TRUNCATE ON public.workspaces
  FOR EACH STATEMENT EXECUTE FUNCTION shell.notify_all_modules_changed();
-- An account's grace end moving is an UPDATE of billing_accounts (above); an account whose
-- grace runs out with no write is handled by the cache, which never keeps a snapshot whose
-- paid modules depend on a running grace period.

DO $$
DECLARE
  fn text;
  trg text;
BEGIN
  FOREACH fn IN ARRAY ARRAY['shell.notify_modules_changed()', 'shell.notify_all_modules_changed()'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
                    WHERE p.oid = to_regprocedure(fn) AND p.proconfig = ARRAY['search_path=""']) THEN
      RAISE EXCEPTION '037 post-check failed: % missing or without search_path', fn;
    END IF;
    IF has_function_privilege('anon', fn, 'EXECUTE')
       OR has_function_privilege('authenticated', fn, 'EXECUTE')
       OR has_function_privilege('service_role', fn, 'EXECUTE') THEN
      RAISE EXCEPTION '037 post-check failed: % is executable by a request role or the service', fn;
    END IF;
  END LOOP;
  FOREACH trg IN ARRAY ARRAY['module_installations_notify_module_cache',
                             'module_installations_truncate_notify_module_cache',
                             'billing_accounts_notify_module_cache',
                             'billing_accounts_truncate_notify_module_cache',
                             'module_registry_notify_module_cache',
                             'module_registry_truncate_notify_module_cache',
                             'module_catalog_notify_module_cache',
                             'module_catalog_truncate_notify_module_cache',
                             'workspaces_notify_module_cache',
                             'workspaces_truncate_notify_module_cache'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger t
                    WHERE t.tgname = trg AND NOT t.tgisinternal AND t.tgenabled = 'O') THEN
      RAISE EXCEPTION '037 post-check failed: trigger % missing or disabled', trg;
    END IF;
  END LOOP;
END $$;

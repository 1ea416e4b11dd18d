-- 039_gateway_runtime.down.sql
-- Purpose: undo 039: drop module_installations.token_permissions (035's column trigger and its
--   function as 035 wrote them), module_target_health's breaker columns and the contract rows
--   module-manifest 1.2.0, gateway-forward-headers 2.0.0 and module-bridge 1.0.0.
-- Pre-check: 039 is applied (the column exists).
-- Post-check: the columns and rows are gone and the trigger lists 035's columns.
-- Failure handling: the runner's transaction rolls back and nothing is dropped; fix and
--   re-run. Staging only (PRD §12.6): token grants and breaker states are lost.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
                  WHERE attrelid = 'public.module_installations'::regclass
                    AND attname = 'token_permissions' AND NOT attisdropped) THEN
    RAISE EXCEPTION '039 down pre-check failed: module_installations.token_permissions does not exist (039 not applied?)';
  END IF;
END $$;

DROP TRIGGER module_installations_check_installed_columns ON public.module_installations;
CREATE TRIGGER module_installations_check_installed_columns
  BEFORE UPDATE ON public.module_installations
  FOR EACH ROW
  WHEN ((NEW.id, NEW.workspace_id, NEW.module_key, NEW.module_version, NEW.previous_version,
         NEW.config_json, NEW.installed_by_user_id, NEW.created_at)
        IS DISTINCT FROM
        (OLD.id, OLD.workspace_id, OLD.module_key, OLD.module_version, OLD.previous_version,
         OLD.config_json, OLD.installed_by_user_id, OLD.created_at))
  EXECUTE FUNCTION shell.check_module_installation_change();
CREATE OR REPLACE FUNCTION shell.check_module_installation_change()
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
ALTER TABLE public.module_installations
  DROP CONSTRAINT module_installations_token_permissions_check,
  DROP COLUMN token_permissions;
ALTER TABLE public.module_target_health
  DROP CONSTRAINT module_target_health_breaker_ejections_check,
  DROP CONSTRAINT module_target_health_breaker_state_check,
  DROP COLUMN breaker_changed_at,
  DROP COLUMN breaker_open_until,
  DROP COLUMN breaker_ejections,
  DROP COLUMN breaker_state;
DELETE FROM public.sdk_contract_versions
 WHERE (contract_name, semver) IN (('module-manifest', '1.2.0'), ('gateway-forward-headers', '2.0.0'),
                                   ('module-bridge', '1.0.0'));

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
              WHERE ((attrelid = 'public.module_installations'::regclass AND attname = 'token_permissions')
                  OR (attrelid = 'public.module_target_health'::regclass
                      AND attname IN ('breaker_state', 'breaker_ejections', 'breaker_open_until', 'breaker_changed_at')))
                AND NOT attisdropped)
     OR EXISTS (SELECT 1 FROM pg_catalog.pg_trigger
                 WHERE tgrelid = 'public.module_installations'::regclass
                   AND tgname = 'module_installations_check_installed_columns'
                   AND pg_catalog.pg_get_triggerdef(oid) LIKE '%token_permissions%')
     OR EXISTS (SELECT 1 FROM public.sdk_contract_versions
                 WHERE (contract_name, semver) IN (('module-manifest', '1.2.0'),
                                                   ('gateway-forward-headers', '2.0.0'),
                                                   ('module-bridge', '1.0.0'))) THEN
    RAISE EXCEPTION '039 down post-check failed: something of 039 is still there';
  END IF;
END $$;

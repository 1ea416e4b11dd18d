-- 039_gateway_runtime.sql
-- Purpose: the gateway and module UI runtime of issue 11 (docs/modules.md "Gateway", "Module
--   UI runtime"):
--   * `module_installations.token_permissions`: the permissions an admin granted to the
--     module's UI tokens in that workspace (each one of the installed manifest's
--     `permissions`, checked by the code; upgrade and rollback keep those the new manifest
--     still declares). Writing it needs modules.install: 035's column trigger now lists it, so
--     an enable/disable-only holder cannot change it.
--   * `module_target_health` gains the gateway's circuit breaker state of each module
--     version's target (`breaker_state` closed | open | half_open, `breaker_ejections`,
--     `breaker_open_until`, `breaker_changed_at`), written by the service on breaker
--     transitions only (rare); read with the health by `GET /modules/available`.
-- Pre-check: 038 is applied; 039 is not (the column is absent).
-- Post-check: the columns with their defaults and checks, the column trigger listing
--   token_permissions.
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.
--   039_gateway_runtime.down.sql undoes it (staging only: token grants and breaker states
--   are lost).

DO $$
BEGIN
  IF to_regprocedure('shell.notify_modules_changed()') IS NULL
     OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc
                     WHERE oid = 'shell.module_management_allowed(uuid, text)'::regprocedure
                       AND prolang = (SELECT oid FROM pg_catalog.pg_language WHERE lanname = 'plpgsql')) THEN
    RAISE EXCEPTION '039 pre-check failed: 038_rls_helpers_plpgsql is not applied';
  END IF;
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
              WHERE attrelid = 'public.module_installations'::regclass
                AND attname = 'token_permissions' AND NOT attisdropped) THEN
    RAISE EXCEPTION '039 pre-check failed: module_installations.token_permissions exists (039 already applied?)';
  END IF;
END $$;

-- The permissions granted to the module's UI tokens in this workspace (set by an admin with
-- modules.install; each in the installed manifest's permissions: the code checks it).
ALTER TABLE public.module_installations
  ADD COLUMN token_permissions text[] NOT NULL DEFAULT '{}',
  ADD CONSTRAINT module_installations_token_permissions_check
    CHECK (cardinality(token_permissions) <= 200 AND array_position(token_permissions, NULL) IS NULL);
COMMENT ON COLUMN public.module_installations.token_permissions IS
  'Permissions granted to the module''s UI tokens here (each in the installed manifest''s permissions); modules.install writes it.';

-- 035's rule with the new column: what is installed and what its UI tokens may be granted
-- change only with modules.install.
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
            HINT = 'module_version, previous_version, config_json and token_permissions need modules.install in the workspace';
  END IF;
  RETURN NEW;
END;
$$;
DROP TRIGGER module_installations_check_installed_columns ON public.module_installations;
CREATE TRIGGER module_installations_check_installed_columns
  BEFORE UPDATE ON public.module_installations
  FOR EACH ROW
  WHEN ((NEW.id, NEW.workspace_id, NEW.module_key, NEW.module_version, NEW.previous_version,
         NEW.config_json, NEW.installed_by_user_id, NEW.created_at, NEW.token_permissions)
        IS DISTINCT FROM
        (OLD.id, OLD.workspace_id, OLD.module_key, OLD.module_version, OLD.previous_version,
         OLD.config_json, OLD.installed_by_user_id, OLD.created_at, OLD.token_permissions))
  EXECUTE FUNCTION shell.check_module_installation_change();

-- The gateway's circuit breaker of each module version's target (service-written on its
-- transitions: closed -> open -> half_open -> closed or open again, longer).
ALTER TABLE public.module_target_health
  ADD COLUMN breaker_state text NOT NULL DEFAULT 'closed',
  ADD COLUMN breaker_ejections integer NOT NULL DEFAULT 0,
  ADD COLUMN breaker_open_until timestamptz,
  ADD COLUMN breaker_changed_at timestamptz,
  ADD CONSTRAINT module_target_health_breaker_state_check
    CHECK (breaker_state IN ('closed', 'open', 'half_open')),
  ADD CONSTRAINT module_target_health_breaker_ejections_check CHECK (breaker_ejections >= 0);
COMMENT ON COLUMN public.module_target_health.breaker_state IS
  'The gateway''s circuit breaker of this target: closed | open | half_open (service-written on transitions).';

DO $$
BEGIN
  IF (SELECT count(*) FROM information_schema.columns
       WHERE table_schema = 'public'
         AND ((table_name = 'module_installations' AND column_name = 'token_permissions'
               AND is_nullable = 'NO' AND column_default = '''{}''::text[]')
           OR (table_name = 'module_target_health'
               AND column_name IN ('breaker_state', 'breaker_ejections', 'breaker_open_until',
                                   'breaker_changed_at')))) <> 5 THEN
    RAISE EXCEPTION '039 post-check failed: the new columns are not as expected';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger
                  WHERE tgrelid = 'public.module_installations'::regclass
                    AND tgname = 'module_installations_check_installed_columns' AND NOT tgisinternal
                    AND pg_catalog.pg_get_triggerdef(oid) ILIKE '%old.token_permissions%')
     OR EXISTS (SELECT 1 FROM pg_catalog.pg_proc
                 WHERE oid = 'shell.check_module_installation_change()'::regprocedure
                   AND (prosecdef OR proconfig IS DISTINCT FROM ARRAY['search_path=""'])) THEN
    RAISE EXCEPTION '039 post-check failed: the module_installations column trigger does not list token_permissions';
  END IF;
END $$;

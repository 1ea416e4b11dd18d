-- 034_module_installations_lifecycle.down.sql
-- Purpose: undo 034: drop module_policies (its policies and triggers) and the function
--   shell.check_module_policy_agency, and the columns previous_version, state_changed_at and
--   enabled_at of module_installations.
-- Pre-check: 034 is applied (module_policies exists).
-- Post-check: the table, the function and the columns are gone.
-- Failure handling: the runner's transaction rolls back and nothing is dropped; fix and
--   re-run. Staging only (PRD §12.6): every agency's module policy is lost (businesses may
--   no longer manage their modules) and installations forget their previous version.

DO $$
BEGIN
  IF to_regclass('public.module_policies') IS NULL THEN
    RAISE EXCEPTION '034 down pre-check failed: public.module_policies does not exist (034 not applied?)';
  END IF;
END $$;

DROP TABLE public.module_policies;
DROP FUNCTION shell.check_module_policy_agency();
ALTER TABLE public.module_installations
  DROP CONSTRAINT module_installations_previous_version_fkey,
  DROP COLUMN previous_version,
  DROP COLUMN state_changed_at,
  DROP COLUMN enabled_at;

DO $$
BEGIN
  IF to_regclass('public.module_policies') IS NOT NULL
     OR to_regprocedure('shell.check_module_policy_agency()') IS NOT NULL
     OR EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
                 WHERE attrelid = 'public.module_installations'::regclass
                   AND attname IN ('previous_version', 'state_changed_at', 'enabled_at') AND NOT attisdropped) THEN
    RAISE EXCEPTION '034 down post-check failed: something of 034 is still there';
  END IF;
END $$;

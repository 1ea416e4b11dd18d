-- 033_module_registry_lifecycle.down.sql
-- Purpose: undo 033: drop module_catalog and module_target_health (with their policies and
--   triggers), shell.check_module_catalog_current_registered, the registry's review columns
--   and the module-manifest 1.1.0 contract row.
-- Pre-check: 033 is applied (module_catalog exists).
-- Post-check: the tables, the function, the columns and the 1.1.0 row are gone.
-- Failure handling: the runner's transaction rolls back and nothing is dropped; fix and
--   re-run. Staging only (PRD §12.6): the current-version pointers, the health checks and the
--   reviews of drafts are lost (rejected rows stay rejected, without their reason).

DO $$
BEGIN
  IF to_regclass('public.module_catalog') IS NULL THEN
    RAISE EXCEPTION '033 down pre-check failed: public.module_catalog does not exist (033 not applied?)';
  END IF;
END $$;

DROP TABLE public.module_target_health;
DROP TABLE public.module_catalog;
DROP FUNCTION shell.check_module_catalog_current_registered();
ALTER TABLE public.module_registry
  DROP CONSTRAINT module_registry_rejected_reviewed_check,
  DROP CONSTRAINT module_registry_review_note_check,
  DROP COLUMN review_note,
  DROP COLUMN reviewed_by_user_id,
  DROP COLUMN reviewed_at;
DELETE FROM public.sdk_contract_versions WHERE contract_name = 'module-manifest' AND semver = '1.1.0';

DO $$
BEGIN
  IF to_regclass('public.module_catalog') IS NOT NULL
     OR to_regclass('public.module_target_health') IS NOT NULL
     OR to_regprocedure('shell.check_module_catalog_current_registered()') IS NOT NULL
     OR EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
                 WHERE attrelid = 'public.module_registry'::regclass
                   AND attname IN ('reviewed_at', 'reviewed_by_user_id', 'review_note') AND NOT attisdropped)
     OR EXISTS (SELECT 1 FROM public.sdk_contract_versions WHERE contract_name = 'module-manifest' AND semver = '1.1.0') THEN
    RAISE EXCEPTION '033 down post-check failed: something of 033 still exists';
  END IF;
END $$;

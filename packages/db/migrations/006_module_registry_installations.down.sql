-- 006_module_registry_installations.down.sql
-- Purpose: undo 006: drop module_installations and module_registry.
-- Pre-check: 007 is undone (public.events gone) and 006's tables exist.
-- Post-check: both tables are gone.
-- Failure handling: the runner's transaction rolls back and nothing is dropped; undo 007
--   first and re-run. Staging only (PRD §12.6): this destroys the registry and installations.

DO $$
BEGIN
  IF to_regclass('public.events') IS NOT NULL THEN
    RAISE EXCEPTION '006 down pre-check failed: public.events still exists; undo 007 first';
  END IF;
  IF to_regclass('public.module_registry') IS NULL OR to_regclass('public.module_installations') IS NULL THEN
    RAISE EXCEPTION '006 down pre-check failed: a table of 006 is missing (006 not applied?)';
  END IF;
END $$;

DROP TABLE public.module_installations;
DROP TABLE public.module_registry;

DO $$
BEGIN
  IF to_regclass('public.module_registry') IS NOT NULL OR to_regclass('public.module_installations') IS NOT NULL THEN
    RAISE EXCEPTION '006 down post-check failed: a table of 006 still exists';
  END IF;
END $$;

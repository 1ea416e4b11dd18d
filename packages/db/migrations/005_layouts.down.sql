-- 005_layouts.down.sql
-- Purpose: undo 005: drop layout_definitions, layout_versions and their trigger functions
--   (shell.protect_layout_versions, shell.refuse_truncate).
-- Pre-check: 006 is undone (public.module_registry gone) and 005's tables exist.
-- Post-check: the tables and functions are gone.
-- Failure handling: the runner's transaction rolls back and nothing is dropped; undo 006
--   first and re-run. Staging only (PRD §12.6): this destroys every layout and its history.

DO $$
BEGIN
  IF to_regclass('public.module_registry') IS NOT NULL THEN
    RAISE EXCEPTION '005 down pre-check failed: public.module_registry still exists; undo 006 first';
  END IF;
  IF to_regclass('public.layout_definitions') IS NULL OR to_regclass('public.layout_versions') IS NULL THEN
    RAISE EXCEPTION '005 down pre-check failed: a table of 005 is missing (005 not applied?)';
  END IF;
END $$;

-- The two tables reference each other; dropping them in one statement avoids CASCADE.
DROP TABLE public.layout_definitions, public.layout_versions;
DROP FUNCTION shell.protect_layout_versions();
DROP FUNCTION shell.refuse_truncate();

DO $$
BEGIN
  IF to_regclass('public.layout_definitions') IS NOT NULL OR to_regclass('public.layout_versions') IS NOT NULL THEN
    RAISE EXCEPTION '005 down post-check failed: a table of 005 still exists';
  END IF;
  IF to_regprocedure('shell.protect_layout_versions()') IS NOT NULL OR to_regprocedure('shell.refuse_truncate()') IS NOT NULL THEN
    RAISE EXCEPTION '005 down post-check failed: a trigger function of 005 still exists';
  END IF;
END $$;

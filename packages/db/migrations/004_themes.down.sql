-- 004_themes.down.sql
-- Purpose: undo 004: drop public.themes.
-- Pre-check: 005 is undone (public.layout_definitions gone) and public.themes exists.
-- Post-check: public.themes is gone.
-- Failure handling: the runner's transaction rolls back and nothing is dropped; undo 005
--   first and re-run. Staging only (PRD §12.6): this destroys every theme version.

DO $$
BEGIN
  IF to_regclass('public.layout_definitions') IS NOT NULL THEN
    RAISE EXCEPTION '004 down pre-check failed: public.layout_definitions still exists; undo 005 first';
  END IF;
  IF to_regclass('public.themes') IS NULL THEN
    RAISE EXCEPTION '004 down pre-check failed: public.themes missing (004 not applied?)';
  END IF;
END $$;

DROP TABLE public.themes;

DO $$
BEGIN
  IF to_regclass('public.themes') IS NOT NULL THEN
    RAISE EXCEPTION '004 down post-check failed: public.themes still exists';
  END IF;
END $$;

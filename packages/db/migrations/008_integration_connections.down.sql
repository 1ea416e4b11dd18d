-- 008_integration_connections.down.sql
-- Purpose: undo 008: drop public.integration_connections.
-- Pre-check: 009 is undone (public.ai_jobs gone) and the table exists.
-- Post-check: the table is gone.
-- Failure handling: the runner's transaction rolls back and nothing is dropped; undo 009
--   first and re-run. Staging only (PRD §12.6): this destroys every connection record.

DO $$
BEGIN
  IF to_regclass('public.ai_jobs') IS NOT NULL THEN
    RAISE EXCEPTION '008 down pre-check failed: public.ai_jobs still exists; undo 009 first';
  END IF;
  IF to_regclass('public.integration_connections') IS NULL THEN
    RAISE EXCEPTION '008 down pre-check failed: public.integration_connections missing (008 not applied?)';
  END IF;
END $$;

DROP TABLE public.integration_connections;

DO $$
BEGIN
  IF to_regclass('public.integration_connections') IS NOT NULL THEN
    RAISE EXCEPTION '008 down post-check failed: public.integration_connections still exists';
  END IF;
END $$;

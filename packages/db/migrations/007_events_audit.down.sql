-- 007_events_audit.down.sql
-- Purpose: undo 007: drop events, audit_logs and their trigger functions. DROP TABLE does not
--   fire the append-only row triggers, so this is the one way history disappears: staging only.
-- Pre-check: 008 is undone (public.integration_connections gone) and 007's tables exist.
-- Post-check: the tables and the functions are gone.
-- Failure handling: the runner's transaction rolls back and nothing is dropped; undo 008
--   first and re-run. Never run in production (PRD §12.5 retention, §12.6).

DO $$
BEGIN
  IF to_regclass('public.integration_connections') IS NOT NULL THEN
    RAISE EXCEPTION '007 down pre-check failed: public.integration_connections still exists; undo 008 first';
  END IF;
  IF to_regclass('public.events') IS NULL OR to_regclass('public.audit_logs') IS NULL THEN
    RAISE EXCEPTION '007 down pre-check failed: a table of 007 is missing (007 not applied?)';
  END IF;
END $$;

DROP TABLE public.audit_logs;
DROP TABLE public.events;
DROP FUNCTION shell.assign_event_sequence();
DROP FUNCTION shell.protect_events();
DROP FUNCTION shell.protect_audit_logs();

DO $$
BEGIN
  IF to_regclass('public.events') IS NOT NULL OR to_regclass('public.audit_logs') IS NOT NULL THEN
    RAISE EXCEPTION '007 down post-check failed: a table of 007 still exists';
  END IF;
  IF to_regprocedure('shell.assign_event_sequence()') IS NOT NULL OR to_regprocedure('shell.protect_events()') IS NOT NULL
     OR to_regprocedure('shell.protect_audit_logs()') IS NOT NULL THEN
    RAISE EXCEPTION '007 down post-check failed: a trigger function of 007 still exists';
  END IF;
END $$;

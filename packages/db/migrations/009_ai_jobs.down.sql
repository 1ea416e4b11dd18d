-- 009_ai_jobs.down.sql
-- Purpose: undo 009: drop ai_job_state_transitions, ai_jobs and their trigger functions.
-- Pre-check: 010 is undone (public.billing_accounts gone) and 009's tables exist.
-- Post-check: the tables and functions are gone.
-- Failure handling: the runner's transaction rolls back and nothing is dropped; undo 010
--   first and re-run. Staging only (PRD §12.6): this destroys every AI job and its history.

DO $$
BEGIN
  IF to_regclass('public.billing_accounts') IS NOT NULL THEN
    RAISE EXCEPTION '009 down pre-check failed: public.billing_accounts still exists; undo 010 first';
  END IF;
  IF to_regclass('public.ai_jobs') IS NULL OR to_regclass('public.ai_job_state_transitions') IS NULL THEN
    RAISE EXCEPTION '009 down pre-check failed: a table of 009 is missing (009 not applied?)';
  END IF;
END $$;

DROP TABLE public.ai_job_state_transitions;
DROP TABLE public.ai_jobs;
DROP FUNCTION shell.check_ai_job_state();
DROP FUNCTION shell.record_ai_job_transition();
DROP FUNCTION shell.protect_ai_job_state_transitions();

DO $$
BEGIN
  IF to_regclass('public.ai_jobs') IS NOT NULL OR to_regclass('public.ai_job_state_transitions') IS NOT NULL THEN
    RAISE EXCEPTION '009 down post-check failed: a table of 009 still exists';
  END IF;
  IF to_regprocedure('shell.check_ai_job_state()') IS NOT NULL OR to_regprocedure('shell.record_ai_job_transition()') IS NOT NULL
     OR to_regprocedure('shell.protect_ai_job_state_transitions()') IS NOT NULL THEN
    RAISE EXCEPTION '009 down post-check failed: a trigger function of 009 still exists';
  END IF;
END $$;

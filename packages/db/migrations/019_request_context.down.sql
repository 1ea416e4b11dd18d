-- 019_request_context.down.sql
-- Purpose: undo 019: drop shell.switch_session_workspace, shell.resolve_session and
--   shell.governing_memberships. No data is lost (they hold none); the application code
--   that calls them must be rolled back first.
-- Pre-check: 019 is applied (the three functions exist).
-- Post-check: none of them exists.
-- Failure handling: the runner's transaction rolls back and nothing changes; fix and re-run.

DO $$
BEGIN
  IF to_regprocedure('shell.resolve_session(text)') IS NULL
     OR to_regprocedure('shell.governing_memberships(uuid,uuid)') IS NULL
     OR to_regprocedure('shell.switch_session_workspace(uuid,uuid,text)') IS NULL THEN
    RAISE EXCEPTION '019 down pre-check failed: 019 is not applied';
  END IF;
END $$;

DROP FUNCTION shell.switch_session_workspace(uuid, uuid, text);
DROP FUNCTION shell.resolve_session(text);
DROP FUNCTION shell.governing_memberships(uuid, uuid);

DO $$
BEGIN
  IF to_regprocedure('shell.resolve_session(text)') IS NOT NULL
     OR to_regprocedure('shell.governing_memberships(uuid,uuid)') IS NOT NULL
     OR to_regprocedure('shell.switch_session_workspace(uuid,uuid,text)') IS NOT NULL THEN
    RAISE EXCEPTION '019 down post-check failed: a function is still there';
  END IF;
END $$;

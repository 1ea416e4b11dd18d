-- 041_emit_event.down.sql
-- Purpose: undo 041: drop shell.emit_event and the event monitor's index (stored events and
--   deliveries stay).
-- Pre-check: 041 is applied (the function exists).
-- Post-check: the function is gone.
-- Failure handling: the runner's transaction rolls back; fix and re-run. Staging only.

DO $$
BEGIN
  IF to_regprocedure('shell.emit_event(uuid, text, text, text, jsonb, text, text, uuid, text)') IS NULL THEN
    RAISE EXCEPTION '041 down pre-check failed: shell.emit_event does not exist (041 not applied?)';
  END IF;
END $$;

DROP FUNCTION shell.emit_event(uuid, text, text, text, jsonb, text, text, uuid, text);
DROP INDEX public.events_workspace_id_recorded_at_id_idx;

DO $$
BEGIN
  IF to_regprocedure('shell.emit_event(uuid, text, text, text, jsonb, text, text, uuid, text)') IS NOT NULL
     OR to_regclass('public.events_workspace_id_recorded_at_id_idx') IS NOT NULL THEN
    RAISE EXCEPTION '041 down post-check failed: shell.emit_event is still there';
  END IF;
END $$;

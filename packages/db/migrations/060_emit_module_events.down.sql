-- 060_emit_module_events.down.sql
-- Purpose: undo 060: drop shell.emit_module_events (a module's batch emit then looks its key up
--   and stores the batch in two steps again: shell.authenticate_module_key, shell.emit_events;
--   neither was changed).
-- Pre-check: 060 is applied (the function exists).
-- Post-check: the function is gone.
-- Failure handling: the runner's transaction rolls back; nothing changed.

DO $$
BEGIN
  IF to_regprocedure('shell.emit_module_events(bytea, uuid, text, uuid, text, text[], text[], jsonb[], text[], text[], boolean)') IS NULL THEN
    RAISE EXCEPTION '060 down pre-check failed: shell.emit_module_events is absent (060 not applied?)';
  END IF;
END $$;

DROP FUNCTION shell.emit_module_events(bytea, uuid, text, uuid, text, text[], text[], jsonb[], text[], text[], boolean);

DO $$
BEGIN
  IF to_regprocedure('shell.emit_module_events(bytea, uuid, text, uuid, text, text[], text[], jsonb[], text[], text[], boolean)') IS NOT NULL THEN
    RAISE EXCEPTION '060 down post-check failed: shell.emit_module_events is still there';
  END IF;
END $$;

-- 058_emit_module_event.down.sql
-- Purpose: undo 058: drop shell.emit_module_event (module emits then authenticate and emit in
--   two calls again: shell.authenticate_module_key, shell.emit_event; neither was changed).
-- Pre-check: 058 is applied (the function exists).
-- Post-check: the function is gone.
-- Failure handling: the runner's transaction rolls back; nothing changed.

DO $$
BEGIN
  IF to_regprocedure('shell.emit_module_event(bytea, uuid, text, uuid, text, text, text, jsonb, text, text, boolean)') IS NULL THEN
    RAISE EXCEPTION '058 down pre-check failed: shell.emit_module_event is absent (058 not applied?)';
  END IF;
END $$;

DROP FUNCTION shell.emit_module_event(bytea, uuid, text, uuid, text, text, text, jsonb, text, text, boolean);

DO $$
BEGIN
  IF to_regprocedure('shell.emit_module_event(bytea, uuid, text, uuid, text, text, text, jsonb, text, text, boolean)') IS NOT NULL THEN
    RAISE EXCEPTION '058 down post-check failed: shell.emit_module_event is still there';
  END IF;
END $$;

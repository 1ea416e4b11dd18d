-- 054_emit_events_set_based.down.sql
-- Purpose: undo 054: drops shell.emit_events; 007's sequence trigger (fires for every row) and
--   its max(sequence) statement come back.
-- Pre-check: 054 is applied (emit_events exists).
-- Post-check: emit_events is gone; the trigger has no WHEN condition.
-- Failure handling: the runner's transaction rolls back; nothing changed.

DO $$
BEGIN
  IF to_regprocedure('shell.emit_events(uuid[], text, text[], text[], jsonb[], text[], text[], boolean)') IS NULL THEN
    RAISE EXCEPTION '054 down pre-check failed: 054 is not applied';
  END IF;
END $$;

DROP FUNCTION shell.emit_events(uuid[], text, text[], text[], jsonb[], text[], text[], boolean);

CREATE OR REPLACE FUNCTION shell.assign_event_sequence()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
  IF NEW.sequence IS NULL THEN
    PERFORM pg_catalog.pg_advisory_xact_lock(
      pg_catalog.hashtextextended('shell.events:' || NEW.workspace_id::text || ':' || NEW.stream, 0));
    SELECT coalesce(max(e.sequence), 0) + 1 INTO NEW.sequence
      FROM public.events e
     WHERE e.workspace_id = NEW.workspace_id AND e.stream = NEW.stream;
  END IF;
  RETURN NEW;
END;
$$;

DROP TRIGGER events_assign_sequence ON public.events;
CREATE TRIGGER events_assign_sequence
  BEFORE INSERT ON public.events
  FOR EACH ROW EXECUTE FUNCTION shell.assign_event_sequence();

DO $$
BEGIN
  IF to_regprocedure('shell.emit_events(uuid[], text, text[], text[], jsonb[], text[], text[], boolean)') IS NOT NULL
     OR EXISTS (SELECT 1 FROM pg_catalog.pg_trigger t
                 WHERE t.tgrelid = 'public.events'::regclass AND t.tgname = 'events_assign_sequence'
                   AND t.tgqual IS NOT NULL) THEN
    RAISE EXCEPTION '054 down post-check failed: emit_events or the trigger''s WHEN is still there';
  END IF;
END $$;

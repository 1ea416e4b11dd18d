-- 051_events_fillfactor.down.sql
-- Purpose: undo 051: public.events back to the default fillfactor (no storage options, as
--   before 051). Pages written while 051 was applied keep their free space until rewritten.
-- Pre-check: 051 is applied (events' reloptions are {fillfactor=85}).
-- Post-check: events has no storage options.
-- Failure handling: the runner's transaction rolls back; nothing changed.

DO $$
BEGIN
  IF (SELECT c.reloptions FROM pg_catalog.pg_class c WHERE c.oid = 'public.events'::regclass)
     IS DISTINCT FROM ARRAY['fillfactor=85'] THEN
    RAISE EXCEPTION '051 down pre-check failed: 051 is not applied';
  END IF;
END $$;

ALTER TABLE public.events RESET (fillfactor);

DO $$
BEGIN
  IF (SELECT c.reloptions FROM pg_catalog.pg_class c WHERE c.oid = 'public.events'::regclass) IS NOT NULL THEN
    RAISE EXCEPTION '051 down post-check failed: public.events still has storage options';
  END IF;
END $$;

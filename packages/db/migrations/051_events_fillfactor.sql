-- 051_events_fillfactor.sql
-- Purpose: the summary UPDATE of `public.events` after each delivered lane batch (delivery_state,
--   delivery_attempts, delivered_at; shell.summarise_events of 050) becomes a HOT update
--   (issue 12 "Bench"; docs/events.md "Speed"). None of those columns is indexed (043 dropped
--   the last index that named one), so the update needs no index entry as long as the new row
--   version fits on the same page. With the default fillfactor (100) an event's page is full by
--   the time its deliveries are recorded, so the new version went to another page and all six
--   indexes of events got an entry for it. `fillfactor = 85` leaves 15% of each new page free
--   for those versions (page pruning reclaims the older ones). Measured on a private PG 15 with
--   pgbench (10 clients, 9 emit_event calls then one lane batch record per transaction, the
--   bench's one workspace and one subscriber): HOT share of the events updates 72-80% at 100,
--   86% at 90, 97% at 80; Postgres CPU per event in docs/events.md "Speed". Only pages written
--   from now on are affected: existing pages are not rewritten (no table lock beyond
--   SHARE UPDATE EXCLUSIVE, nothing moved). The events' heap grows by about that 15% in return.
--   Nothing else changes: no column, index, constraint, policy, grant or function.
--   Measured and not changed (docs/events.md "Speed"): dropping the foreign keys of
--   event_deliveries and event_delivery_attempts, dropping
--   event_deliveries_installation_stream_sequence_idx (resume-endpoint's re-delivery and the
--   installation cascade read it) and a fillfactor on event_deliveries (its state change is in
--   partial-index predicates, so never HOT).
-- Pre-check: 050 is applied (shell.summarise_events exists); 051 is not (events has no
--   fillfactor set).
-- Post-check: events' reloptions are exactly {fillfactor=85}.
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.
--   051_events_fillfactor.down.sql resets events to the default fillfactor (pages written in
--   between keep their free space until rewritten).

DO $$
BEGIN
  IF to_regprocedure('shell.summarise_events(uuid[])') IS NULL THEN
    RAISE EXCEPTION '051 pre-check failed: 050_delivery_lane_calls is not applied';
  END IF;
  IF (SELECT c.reloptions FROM pg_catalog.pg_class c WHERE c.oid = 'public.events'::regclass) IS NOT NULL THEN
    RAISE EXCEPTION '051 pre-check failed: public.events already has storage options (051 already applied?)';
  END IF;
END $$;

ALTER TABLE public.events SET (fillfactor = 85);

DO $$
BEGIN
  IF (SELECT c.reloptions FROM pg_catalog.pg_class c WHERE c.oid = 'public.events'::regclass)
     IS DISTINCT FROM ARRAY['fillfactor=85'] THEN
    RAISE EXCEPTION '051 post-check failed: public.events reloptions are not {fillfactor=85}';
  END IF;
END $$;

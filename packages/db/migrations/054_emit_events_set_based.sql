-- 054_emit_events_set_based.sql
-- Purpose: emitting costs less Postgres CPU (issue 12 "Bench"; docs/events.md "Speed"):
--   * `shell.assign_event_sequence()` (007's BEFORE INSERT trigger) reads the stream's last
--     sequence as `ORDER BY sequence DESC LIMIT 1` instead of `max(sequence)`. Planned while
--     `events` was empty or not yet analysed (a fresh database, the first minute of the bench),
--     the `max` form took `events_workspace_id_recorded_at_id_idx` with `stream` as a filter, or
--     aggregated the whole stream forward, and PL/pgSQL kept that plan for the connection: every
--     emit read all earlier events of its workspace (measured on a private PG 15: 2,000 emits
--     into one workspace took 3.2 s, the next 2,000 7.1 s, until autovacuum's analyse replanned;
--     pg_stat_statements of a bench run: 0.41 ms per call). The LIMIT form has one sensible plan
--     whatever the statistics (a backward scan of `events_workspace_id_stream_sequence_key`,
--     checked with `force_generic_plan` on an empty and on an unanalysed 5,000-row table).
--   * the trigger fires only `WHEN (NEW.sequence IS NULL)`: an insert that brings its sequence
--     (`shell.emit_events` below) calls no PL/pgSQL per row.
--   * `shell.emit_events(...)`: a batch of events (`POST /events/batch`, `emitEvents`) stored in
--     one call instead of one `shell.emit_event` per event: the (workspace, stream) locks taken
--     once each in one global order (workspace, then stream in "C" collation), each stream's
--     last sequence read once, subscribers looked up once per (workspace, event name), one
--     INSERT of events and one of deliveries. The rules are `shell.emit_event`'s: idempotent per
--     (workspace, source, key) (a key seen before, or earlier in the batch, answers that event
--     with `duplicate`; `conflict` when name, stream or payload differ: the caller must then
--     roll back, as emitEvents does), each stream's new events numbered consecutively in
--     request order under its lock, the same fan-out (kind `event` only: lifecycle actions go
--     through emit_event), `p_notify` as in emit_event. Answers one row per event, in request
--     order (`ord`, 1-based).
-- Pre-check: 053 is applied; 054 is not (emit_events is absent).
-- Post-check: the trigger has its WHEN condition; assign_event_sequence no longer uses max();
--   emit_events is SECURITY DEFINER with an empty search_path, executable by service_role only.
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.
--   054_emit_events_set_based.down.sql restores 007's trigger and function, drops emit_events.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
                  WHERE p.oid = to_regprocedure('shell.summarise_events(uuid[])')
                    AND p.proconfig = ARRAY['search_path=""', 'plan_cache_mode=force_custom_plan']) THEN
    RAISE EXCEPTION '054 pre-check failed: 053_delivery_lane_calls_custom_plans is not applied';
  END IF;
  IF to_regprocedure('shell.emit_events(uuid[], text, text[], text[], jsonb[], text[], text[], boolean)') IS NOT NULL THEN
    RAISE EXCEPTION '054 pre-check failed: shell.emit_events exists (054 already applied?)';
  END IF;
END $$;

-- Threat note (SECURITY DEFINER): as 007; only the statement reading the last sequence changed.
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
    -- ORDER BY ... LIMIT 1, not the max aggregate: one plan (the stream index backward)
    -- whatever the statistics; the aggregate was planned as a scan of the workspace's events.
    NEW.sequence := coalesce((SELECT e.sequence FROM public.events e
                               WHERE e.workspace_id = NEW.workspace_id AND e.stream = NEW.stream
                               ORDER BY e.sequence DESC LIMIT 1), 0) + 1;
  END IF;
  RETURN NEW;
END;
$$;

DROP TRIGGER events_assign_sequence ON public.events;
CREATE TRIGGER events_assign_sequence
  BEFORE INSERT ON public.events
  FOR EACH ROW WHEN (NEW.sequence IS NULL) EXECUTE FUNCTION shell.assign_event_sequence();

-- Threat note (SECURITY DEFINER): as emit_event (041, 043): stores already checked events
-- (packages/events checks who may emit what first) and their fan-out; service_role only.
CREATE FUNCTION shell.emit_events(
  p_workspace_ids uuid[],
  p_source text,
  p_event_names text[],
  p_streams text[],
  p_payloads jsonb[],
  p_correlation_ids text[],
  p_idempotency_keys text[],
  p_notify boolean DEFAULT true
)
RETURNS TABLE (ord integer, event_id uuid, event_sequence bigint, delivery_state text,
               duplicate boolean, conflict boolean, lanes text[])
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
#variable_conflict use_column
DECLARE
  v_n integer := coalesce(pg_catalog.cardinality(p_event_names), 0);
  v_lock record;
  v_defer text;
BEGIN
  IF pg_catalog.cardinality(p_workspace_ids) IS DISTINCT FROM v_n
     OR pg_catalog.cardinality(p_streams) IS DISTINCT FROM v_n
     OR pg_catalog.cardinality(p_payloads) IS DISTINCT FROM v_n
     OR pg_catalog.cardinality(p_correlation_ids) IS DISTINCT FROM v_n
     OR pg_catalog.cardinality(p_idempotency_keys) IS DISTINCT FROM v_n THEN
    RAISE EXCEPTION 'emit_events: the argument arrays differ in length' USING ERRCODE = 'invalid_parameter_value';
  END IF;

  -- The trigger's locks (same keys), each stream once, in one global order: two batches naming
  -- the same streams never deadlock; held until the commit.
  FOR v_lock IN
    SELECT d.w, d.s FROM (SELECT DISTINCT u.w, u.s FROM unnest(p_workspace_ids, p_streams) AS u (w, s)) d
     ORDER BY d.w, d.s COLLATE "C"
  LOOP
    PERFORM pg_catalog.pg_advisory_xact_lock(
      pg_catalog.hashtextextended('shell.events:' || v_lock.w::text || ':' || v_lock.s, 0));
  END LOOP;

  IF NOT p_notify THEN
    v_defer := pg_catalog.current_setting('shell.defer_lane_notify', true);
    PERFORM pg_catalog.set_config('shell.defer_lane_notify', 'on', true);
  END IF;

  -- One statement, its snapshot taken after the locks: what the streams hold now.
  RETURN QUERY
  WITH input AS (
    SELECT u.ord::integer AS ord, u.w, u.name, u.stream, u.payload, u.corr, u.key
      FROM unnest(p_workspace_ids, p_event_names, p_streams, p_payloads, p_correlation_ids,
                  p_idempotency_keys) WITH ORDINALITY AS u (w, name, stream, payload, corr, key, ord)
  ), seen AS (
    -- Keys stored before this batch, once per key (its first position in the batch).
    SELECT DISTINCT ON (i.w, i.key) i.ord, e.id, e.sequence, e.delivery_state, e.event_name,
           e.stream, e.payload_json
      FROM input i
      JOIN public.events e ON e.workspace_id = i.w AND e.source = p_source AND e.idempotency_key = i.key
     ORDER BY i.w, i.key, i.ord
  ), fresh AS (
    -- The first event of each key not seen before: stored.
    SELECT DISTINCT ON (i.w, i.key) i.*
      FROM input i
     WHERE NOT EXISTS (SELECT 1 FROM public.events e
                        WHERE e.workspace_id = i.w AND e.source = p_source AND e.idempotency_key = i.key)
     ORDER BY i.w, i.key, i.ord
  ), subscribers AS (
    SELECT n.w, n.name, i.id AS installation_id, i.module_key
      FROM (SELECT DISTINCT f.w, f.name FROM fresh f) n
      JOIN public.module_installations i ON i.workspace_id = n.w
      JOIN public.module_registry r ON r.module_key = i.module_key AND r.version = i.module_version
     WHERE i.state = 'enabled'
       AND i.webhooks_disabled_at IS NULL
       AND r.manifest_json #>> '{runtime,webhooks,eventsPath}' IS NOT NULL
       AND pg_catalog.jsonb_path_exists(r.manifest_json, '$.events.consumes[*] ? (@.name == $name)',
                                        pg_catalog.jsonb_build_object('name', n.name))
  ), last AS (
    SELECT t.w, t.stream,
           coalesce((SELECT e.sequence FROM public.events e
                      WHERE e.workspace_id = t.w AND e.stream = t.stream
                      ORDER BY e.sequence DESC LIMIT 1), 0) AS sequence
      FROM (SELECT DISTINCT f.w, f.stream FROM fresh f) t
  ), numbered AS MATERIALIZED (
    SELECT f.ord, pg_catalog.gen_random_uuid() AS id, f.w, f.name, f.stream, f.payload, f.corr, f.key,
           l.sequence + pg_catalog.row_number() OVER (PARTITION BY f.w, f.stream ORDER BY f.ord) AS sequence,
           CASE WHEN EXISTS (SELECT 1 FROM subscribers s WHERE s.w = f.w AND s.name = f.name)
                THEN 'pending' ELSE 'no_subscribers' END AS state
      FROM fresh f
      JOIN last l ON l.w = f.w AND l.stream = f.stream
  ), stored AS (
    -- A key a concurrent emit on another stream committed meanwhile is skipped here; its event
    -- is answered below as a conflict (another stream), so the caller rolls back.
    INSERT INTO public.events AS e
      (id, workspace_id, event_name, source, stream, sequence, payload_json, correlation_id,
       idempotency_key, delivery_state)
    SELECT nb.id, nb.w, nb.name, p_source, nb.stream, nb.sequence, nb.payload, nb.corr, nb.key, nb.state
      FROM numbered nb
     ORDER BY nb.ord
    ON CONFLICT (workspace_id, source, idempotency_key) DO NOTHING
    RETURNING e.id
  ), delivered AS (
    -- Runs to completion though nothing reads it (a data-modifying WITH always does).
    INSERT INTO public.event_deliveries
      (event_id, workspace_id, installation_id, module_key, kind, action, stream, sequence)
    SELECT nb.id, nb.w, s.installation_id, s.module_key, 'event', NULL, nb.stream, nb.sequence
      FROM numbered nb
      JOIN stored st ON st.id = nb.id
      JOIN subscribers s ON s.w = nb.w AND s.name = nb.name
     ORDER BY nb.w, nb.stream, nb.sequence, s.installation_id
  ), firsts AS (
    -- Each key's answer: the event stored before, or the one stored now (NULL id: skipped).
    SELECT s.ord AS key_ord, s.id, s.sequence, s.delivery_state, s.event_name, s.stream,
           s.payload_json, false AS stored_now
      FROM seen s
    UNION ALL
    SELECT nb.ord, st.id, nb.sequence, nb.state, nb.name, nb.stream, nb.payload, true
      FROM numbered nb LEFT JOIN stored st ON st.id = nb.id
  )
  SELECT i.ord, f.id, f.sequence, f.delivery_state,
         NOT (f.stored_now AND f.key_ord = i.ord AND f.id IS NOT NULL),
         f.id IS NULL
           OR (f.event_name, f.stream, f.payload_json) IS DISTINCT FROM (i.name, i.stream, i.payload),
         CASE WHEN f.stored_now AND f.key_ord = i.ord AND f.id IS NOT NULL
              THEN coalesce((SELECT pg_catalog.array_agg(DISTINCT s.installation_id::text || '/' || i.stream)
                               FROM subscribers s WHERE s.w = i.w AND s.name = i.name), '{}')
              ELSE '{}'::text[] END
    FROM input i
    JOIN (SELECT fi.*, ki.w, ki.key FROM firsts fi JOIN input ki ON ki.ord = fi.key_ord) f
      ON f.w = i.w AND f.key = i.key
   ORDER BY i.ord;

  IF NOT p_notify THEN
    PERFORM pg_catalog.set_config('shell.defer_lane_notify', coalesce(v_defer, ''), true);
  END IF;
END
$$;
COMMENT ON FUNCTION shell.emit_events(uuid[], text, text[], text[], jsonb[], text[], text[], boolean) IS
  'Stores a batch of events and their deliveries in one call (emit_event''s rules); answers one row per event in order; service_role only.';
REVOKE ALL ON FUNCTION shell.emit_events(uuid[], text, text[], text[], jsonb[], text[], text[], boolean)
  FROM PUBLIC, anon, authenticated;
GRANT EXECUTE ON FUNCTION shell.emit_events(uuid[], text, text[], text[], jsonb[], text[], text[], boolean)
  TO service_role;

DO $$
DECLARE
  fn constant text := 'shell.emit_events(uuid[], text, text[], text[], jsonb[], text[], text[], boolean)';
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
                  WHERE p.oid = to_regprocedure(fn) AND p.prosecdef
                    AND p.proconfig = ARRAY['search_path=""']) THEN
    RAISE EXCEPTION '054 post-check failed: % missing, not SECURITY DEFINER or without search_path', fn;
  END IF;
  IF has_function_privilege('anon', fn, 'EXECUTE')
     OR has_function_privilege('authenticated', fn, 'EXECUTE')
     OR NOT has_function_privilege('service_role', fn, 'EXECUTE') THEN
    RAISE EXCEPTION '054 post-check failed: % must be executable by service_role only', fn;
  END IF;
  IF pg_catalog.strpos(pg_catalog.pg_get_functiondef('shell.assign_event_sequence()'::regprocedure), 'max(') > 0 THEN
    RAISE EXCEPTION '054 post-check failed: assign_event_sequence still reads max(sequence)';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger t
                  WHERE t.tgrelid = 'public.events'::regclass AND t.tgname = 'events_assign_sequence'
                    AND pg_catalog.pg_get_triggerdef(t.oid) LIKE '%WHEN ((new.sequence IS NULL))%') THEN
    RAISE EXCEPTION '054 post-check failed: events_assign_sequence fires for every row';
  END IF;
END $$;

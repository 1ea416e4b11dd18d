-- 050_delivery_lane_calls.sql
-- Purpose: a delivery lane batch costs 2 round trips to Postgres instead of 11, and recording it
--   does not wait for a WAL flush (issue 12 "Bench"; docs/events.md "Drain" and "Speed").
--   Until now packages/events read a lane in a service transaction (BEGIN, SET, deliveries with
--   their events, the installation's target, COMMIT) and recorded a batch in another (BEGIN,
--   SET, outcomes and attempts, lock events, summary update, COMMIT):
--   * `shell.read_lane(installation, stream, limit)`: the first `limit` undelivered deliveries
--     of the lane in lane order, each with its event, as one json array, and the installation
--     with its installed version's `runtime` (a row with a null installation when it is gone;
--     no row when the lane has nothing undelivered). One prepared statement (`db.callService`).
--   * `shell.summarise_events(event_ids)`: the events' summary state over their deliveries
--     (docs/events.md "Delivery"), the rows locked in id order first (lanes of other
--     installations update the same events; a fixed lock order keeps them from deadlocking).
--     The one definition of the summary: the record below and the admin operations (retry,
--     skip, replay, resume) call it.
--   * `shell.record_lane_batch(...)`: a batch's outcomes (only deliveries still pending
--     change) and attempts in one statement, after a 410 the endpoint disabled and the
--     installation's pending event deliveries skipped, then the summary of every event touched.
--     It sets `synchronous_commit` to off for its transaction (set_config is_local): that
--     commit returns before its WAL is flushed. A crash can then lose the last fraction of a
--     second of records; such a delivery is still pending and is POSTed again with the same
--     `webhook-id` (at-least-once, as documented). Emits never do this.
--   All three are plpgsql (plans kept per connection), SECURITY DEFINER with an empty
--   search_path, EXECUTE for service_role only. The two writers are VOLATILE: each statement
--   takes a fresh snapshot, so the summary sees what the lanes that held the event locks
--   committed.
-- Pre-check: 049 is applied (module-bridge 1.1.0); 050 is not (none of the functions exists).
-- Post-check: the three functions as described; executable by service_role only.
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.
--   050_delivery_lane_calls.down.sql drops the three functions (packages/events before this
--   migration sends the same statements itself).

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM public.sdk_contract_versions
                  WHERE contract_name = 'module-bridge' AND semver = '1.1.0') THEN
    RAISE EXCEPTION '050 pre-check failed: 049 (module-bridge 1.1.0) is not applied';
  END IF;
  IF to_regprocedure('shell.read_lane(uuid, text, integer)') IS NOT NULL
     OR to_regprocedure('shell.summarise_events(uuid[])') IS NOT NULL
     OR to_regproc('shell.record_lane_batch') IS NOT NULL THEN
    RAISE EXCEPTION '050 pre-check failed: 050 is already applied';
  END IF;
END $$;

-- Threat note (SECURITY DEFINER): reads deliveries, events and an installation past RLS for the
-- delivery runtime, which already read them as service_role; only service_role may execute it.
CREATE FUNCTION shell.read_lane(p_installation_id uuid, p_stream text, p_limit integer)
RETURNS TABLE (deliveries json, installation_id uuid, workspace_id uuid, module_key text,
               module_version text, state text, webhooks_disabled_at timestamptz, runtime jsonb)
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $$
#variable_conflict use_column
DECLARE
  v_deliveries json;
BEGIN
  SELECT pg_catalog.json_agg(
           pg_catalog.json_build_object(
             'id', d.id, 'event_id', d.event_id, 'workspace_id', d.workspace_id, 'kind', d.kind,
             'action', d.action, 'state', d.state, 'attempts', d.attempts,
             'next_attempt_at', d.next_attempt_at,
             'event', pg_catalog.json_build_object(
               'id', e.id, 'workspace_id', e.workspace_id, 'event_name', e.event_name,
               'source', e.source, 'stream', e.stream, 'sequence', e.sequence::text,
               'payload_json', e.payload_json, 'correlation_id', e.correlation_id,
               'idempotency_key', e.idempotency_key, 'occurred_at', e.occurred_at))
           ORDER BY d.sequence, d.kind)
    INTO v_deliveries
    FROM (SELECT * FROM public.event_deliveries d
           WHERE d.installation_id = p_installation_id AND d.stream = p_stream
             AND d.state IN ('pending', 'dead_letter')
           ORDER BY d.sequence, d.kind
           LIMIT p_limit) d
    JOIN public.events e ON e.id = d.event_id;
  IF v_deliveries IS NULL THEN
    RETURN;
  END IF;
  RETURN QUERY
    SELECT v_deliveries, i.id, i.workspace_id, i.module_key, i.module_version, i.state,
           i.webhooks_disabled_at, r.manifest_json -> 'runtime'
      FROM (SELECT 1) one
      LEFT JOIN public.module_installations i ON i.id = p_installation_id
      LEFT JOIN public.module_registry r ON r.module_key = i.module_key AND r.version = i.module_version;
END
$$;
COMMENT ON FUNCTION shell.read_lane(uuid, text, integer) IS
  'A delivery lane''s first undelivered deliveries with their events (json, lane order) and its installation target; service_role only.';
REVOKE ALL ON FUNCTION shell.read_lane(uuid, text, integer) FROM PUBLIC, anon, authenticated;
GRANT EXECUTE ON FUNCTION shell.read_lane(uuid, text, integer) TO service_role;

-- Threat note (SECURITY DEFINER): recomputes summary columns of the events named from their
-- deliveries (derived data, what a service transaction wrote before); only service_role may
-- execute it.
CREATE FUNCTION shell.summarise_events(p_event_ids uuid[])
RETURNS void
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
  IF p_event_ids IS NULL OR pg_catalog.cardinality(p_event_ids) = 0 THEN
    RETURN;
  END IF;
  -- In id order: lanes of other installations lock the same events.
  PERFORM 1 FROM public.events WHERE id = ANY (p_event_ids) ORDER BY id FOR NO KEY UPDATE;
  -- dead_letter when any delivery is dead-lettered, else failed when a pending one has failed
  -- attempts, else pending when any is pending, else delivered when any was delivered, else
  -- skipped (every delivery skipped: nobody received it).
  WITH summary AS (
    SELECT d.event_id,
           CASE WHEN pg_catalog.bool_or(d.state = 'dead_letter') THEN 'dead_letter'
                WHEN pg_catalog.bool_or(d.state = 'pending' AND d.attempts > 0) THEN 'failed'
                WHEN pg_catalog.bool_or(d.state = 'pending') THEN 'pending'
                WHEN pg_catalog.bool_or(d.state = 'delivered') THEN 'delivered'
                ELSE 'skipped' END AS state,
           pg_catalog.sum(d.attempts)::integer AS attempts
      FROM public.event_deliveries d
     WHERE d.event_id = ANY (p_event_ids)
     GROUP BY d.event_id
  )
  UPDATE public.events e
     SET delivery_state = s.state,
         delivery_attempts = s.attempts,
         delivered_at = CASE WHEN s.state = 'delivered' THEN coalesce(e.delivered_at, pg_catalog.now())
                             ELSE e.delivered_at END,
         dead_lettered_at = CASE WHEN s.state = 'dead_letter' THEN coalesce(e.dead_lettered_at, pg_catalog.now())
                                 ELSE e.dead_lettered_at END
    FROM summary s
   WHERE e.id = s.event_id
     AND (e.delivery_state, e.delivery_attempts) IS DISTINCT FROM (s.state, s.attempts);
END
$$;
COMMENT ON FUNCTION shell.summarise_events(uuid[]) IS
  'Recomputes the delivery summary of events from their deliveries (rows locked in id order); service_role only.';
REVOKE ALL ON FUNCTION shell.summarise_events(uuid[]) FROM PUBLIC, anon, authenticated;
GRANT EXECUTE ON FUNCTION shell.summarise_events(uuid[]) TO service_role;

-- Threat note (SECURITY DEFINER): writes a lane batch's outcomes as the delivery runtime did in
-- its service transaction (only deliveries still pending change; attempts are appended), and
-- after a 410 disables the named installation's endpoint. Only service_role may execute it.
-- synchronous_commit off is local to the caller's transaction and concerns durability only.
CREATE FUNCTION shell.record_lane_batch(
  p_delivery_ids uuid[],
  p_states text[],
  p_attempts integer[],
  p_next_attempt_at timestamptz[],
  p_last_status integer[],
  p_last_error text[],
  p_skip_reasons text[],
  p_attempt_delivery_ids uuid[],
  p_attempt_workspace_ids uuid[],
  p_attempt_numbers integer[],
  p_attempt_started_at timestamptz[],
  p_attempt_duration_ms integer[],
  p_attempt_statuses integer[],
  p_attempt_outcomes text[],
  p_attempt_errors text[],
  p_worker text,
  p_event_ids uuid[],
  p_installation_id uuid,
  p_disable_endpoint boolean
)
RETURNS TABLE (endpoint_disabled boolean, skipped integer)
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $$
#variable_conflict use_column
DECLARE
  v_disabled boolean := false;
  v_skipped uuid[] := '{}';
BEGIN
  -- For the rest of the transaction (is_local), not only this function: its commit does not
  -- wait for the WAL flush. A record lost in a crash leaves its delivery pending: sent again.
  PERFORM pg_catalog.set_config('synchronous_commit', 'off', true);

  WITH outcome AS (
    SELECT * FROM unnest(p_delivery_ids, p_states, p_attempts, p_next_attempt_at, p_last_status,
                         p_last_error, p_skip_reasons)
      AS o (id, state, attempts, next_attempt_at, last_status, last_error, skip_reason)
  ), updated AS (
    UPDATE public.event_deliveries d
       SET state = o.state,
           attempts = o.attempts,
           next_attempt_at = coalesce(o.next_attempt_at, d.next_attempt_at),
           last_status = CASE WHEN o.attempts > d.attempts THEN o.last_status ELSE d.last_status END,
           last_error = CASE WHEN o.attempts > d.attempts THEN o.last_error ELSE d.last_error END,
           skip_reason = o.skip_reason,
           delivered_at = CASE WHEN o.state = 'delivered' THEN pg_catalog.now() ELSE d.delivered_at END,
           dead_lettered_at = CASE WHEN o.state = 'dead_letter' THEN pg_catalog.now() ELSE d.dead_lettered_at END,
           skipped_at = CASE WHEN o.state = 'skipped' THEN pg_catalog.now() ELSE d.skipped_at END,
           updated_at = pg_catalog.now()
      FROM outcome o
     WHERE d.id = o.id AND d.state = 'pending'
    RETURNING d.id
  )
  -- A data-modifying WITH runs once, to completion, whether or not the insert reads it.
  INSERT INTO public.event_delivery_attempts
    (delivery_id, workspace_id, attempt, started_at, duration_ms, response_status, outcome, error, worker)
  SELECT a.delivery_id, a.workspace_id, a.attempt, a.started_at, a.duration_ms, a.response_status,
         a.outcome, a.error, p_worker
    FROM unnest(p_attempt_delivery_ids, p_attempt_workspace_ids, p_attempt_numbers,
                p_attempt_started_at, p_attempt_duration_ms, p_attempt_statuses, p_attempt_outcomes,
                p_attempt_errors)
      AS a (delivery_id, workspace_id, attempt, started_at, duration_ms, response_status, outcome, error);

  IF p_disable_endpoint THEN
    -- A 410: the endpoint is disabled until an admin resumes it; its pending event deliveries
    -- are skipped, action deliveries stay.
    UPDATE public.module_installations
       SET webhooks_disabled_at = pg_catalog.now(), webhooks_disabled_reason = 'endpoint_gone'
     WHERE id = p_installation_id AND webhooks_disabled_at IS NULL;
    v_disabled := FOUND;
    WITH gone AS (
      UPDATE public.event_deliveries
         SET state = 'skipped', skip_reason = 'endpoint_gone', skipped_at = pg_catalog.now(),
             updated_at = pg_catalog.now()
       WHERE installation_id = p_installation_id AND kind = 'event' AND state = 'pending'
      RETURNING event_id
    )
    SELECT coalesce(pg_catalog.array_agg(gone.event_id), '{}') INTO v_skipped FROM gone;
  END IF;

  PERFORM shell.summarise_events(coalesce(p_event_ids, '{}') || v_skipped);
  RETURN QUERY SELECT v_disabled, pg_catalog.cardinality(v_skipped);
END
$$;
COMMENT ON FUNCTION shell.record_lane_batch(uuid[], text[], integer[], timestamptz[], integer[], text[], text[], uuid[], uuid[], integer[], timestamptz[], integer[], integer[], text[], text[], text, uuid[], uuid, boolean) IS
  'Records a delivery lane batch (outcomes, attempts, a 410''s endpoint disable, event summaries) with synchronous_commit off; service_role only.';
REVOKE ALL ON FUNCTION shell.record_lane_batch(uuid[], text[], integer[], timestamptz[], integer[], text[], text[], uuid[], uuid[], integer[], timestamptz[], integer[], integer[], text[], text[], text, uuid[], uuid, boolean)
  FROM PUBLIC, anon, authenticated;
GRANT EXECUTE ON FUNCTION shell.record_lane_batch(uuid[], text[], integer[], timestamptz[], integer[], text[], text[], uuid[], uuid[], integer[], timestamptz[], integer[], integer[], text[], text[], text, uuid[], uuid, boolean)
  TO service_role;

DO $$
DECLARE
  fn text;
BEGIN
  FOREACH fn IN ARRAY ARRAY[
    'shell.read_lane(uuid, text, integer)',
    'shell.summarise_events(uuid[])',
    'shell.record_lane_batch(uuid[], text[], integer[], timestamptz[], integer[], text[], text[], uuid[], uuid[], integer[], timestamptz[], integer[], integer[], text[], text[], text, uuid[], uuid, boolean)'
  ] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
                    WHERE p.oid = to_regprocedure(fn) AND l.lanname = 'plpgsql' AND p.prosecdef
                      AND p.proconfig = ARRAY['search_path=""']) THEN
      RAISE EXCEPTION '050 post-check failed: % is not a plpgsql SECURITY DEFINER function with search_path', fn;
    END IF;
    IF has_function_privilege('anon', fn, 'EXECUTE')
       OR has_function_privilege('authenticated', fn, 'EXECUTE')
       OR NOT has_function_privilege('service_role', fn, 'EXECUTE') THEN
      RAISE EXCEPTION '050 post-check failed: % must be executable by service_role only', fn;
    END IF;
  END LOOP;
  IF (SELECT p.provolatile FROM pg_catalog.pg_proc p
       WHERE p.oid = to_regprocedure('shell.summarise_events(uuid[])')) <> 'v' THEN
    RAISE EXCEPTION '050 post-check failed: shell.summarise_events must be VOLATILE (a fresh snapshot per statement)';
  END IF;
END $$;

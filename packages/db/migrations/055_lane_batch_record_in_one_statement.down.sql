-- 055_lane_batch_record_in_one_statement.down.sql
-- Purpose: undo 055: 050's shell.record_lane_batch (19 arguments: the caller's attempt
--   workspaces and event ids, any delivery id updated, the summary through summarise_events for
--   every batch) and read_lane without its limit bound, both with 053's custom plans.
-- Pre-check: 055 is applied (the 17-argument record_lane_batch exists).
-- Post-check: the 19-argument function is back with 053's settings, the 17-argument one gone.
-- Failure handling: the runner's transaction rolls back; nothing changed.

DO $$
BEGIN
  IF to_regprocedure('shell.record_lane_batch(uuid[], text[], integer[], timestamptz[], integer[], text[], text[], uuid[], integer[], timestamptz[], integer[], integer[], text[], text[], text, uuid, boolean)') IS NULL THEN
    RAISE EXCEPTION '055 down pre-check failed: 055 is not applied';
  END IF;
END $$;

DROP FUNCTION shell.record_lane_batch(uuid[], text[], integer[], timestamptz[], integer[], text[], text[], uuid[], integer[], timestamptz[], integer[], integer[], text[], text[], text, uuid, boolean);

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
SET plan_cache_mode = force_custom_plan
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

CREATE OR REPLACE FUNCTION shell.read_lane(p_installation_id uuid, p_stream text, p_limit integer)
RETURNS TABLE (deliveries json, installation_id uuid, workspace_id uuid, module_key text,
               module_version text, state text, webhooks_disabled_at timestamptz, runtime jsonb)
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = ''
SET plan_cache_mode = force_custom_plan
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

DO $$
BEGIN
  IF to_regprocedure('shell.record_lane_batch(uuid[], text[], integer[], timestamptz[], integer[], text[], text[], uuid[], integer[], timestamptz[], integer[], integer[], text[], text[], text, uuid, boolean)') IS NOT NULL
     OR (SELECT p.proconfig FROM pg_catalog.pg_proc p
          WHERE p.oid = to_regprocedure('shell.record_lane_batch(uuid[], text[], integer[], timestamptz[], integer[], text[], text[], uuid[], uuid[], integer[], timestamptz[], integer[], integer[], text[], text[], text, uuid[], uuid, boolean)'))
        IS DISTINCT FROM ARRAY['search_path=""', 'plan_cache_mode=force_custom_plan']
     OR (SELECT p.proconfig FROM pg_catalog.pg_proc p
          WHERE p.oid = to_regprocedure('shell.read_lane(uuid, text, integer)'))
        IS DISTINCT FROM ARRAY['search_path=""', 'plan_cache_mode=force_custom_plan'] THEN
    RAISE EXCEPTION '055 down post-check failed: 050''s functions with 053''s settings are not back';
  END IF;
  IF has_function_privilege('authenticated', 'shell.record_lane_batch(uuid[], text[], integer[], timestamptz[], integer[], text[], text[], uuid[], uuid[], integer[], timestamptz[], integer[], integer[], text[], text[], text, uuid[], uuid, boolean)', 'EXECUTE')
     OR NOT has_function_privilege('service_role', 'shell.record_lane_batch(uuid[], text[], integer[], timestamptz[], integer[], text[], text[], uuid[], uuid[], integer[], timestamptz[], integer[], integer[], text[], text[], text, uuid[], uuid, boolean)', 'EXECUTE') THEN
    RAISE EXCEPTION '055 down post-check failed: record_lane_batch must be executable by service_role only';
  END IF;
END $$;

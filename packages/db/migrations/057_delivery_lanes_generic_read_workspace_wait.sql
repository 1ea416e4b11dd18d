-- 057_delivery_lanes_generic_read_workspace_wait.sql
-- Purpose: the delivery lane functions cost less per call and deliveries wait while their
--   workspace is not active (issue 12 "Bench"; docs/events.md "Drain", "Workspace status" and
--   "Speed"):
--   * `shell.read_lane` is one statement with one generic plan (`force_generic_plan`) whose only
--     paths are the lane index (installation, stream, in lane order), then primary-key and
--     unique-index lookups: sequential and bitmap scans, sorts, hash and merge joins off for that
--     function. 053 planned it on every call (custom plans read the metadata and sizes of the
--     indexes of `event_deliveries`, `events`, `module_installations` and `module_registry`
--     each time); a generic plan made while the lane was one row still reads the lane by its
--     index after it grew (lane-call-plans.test.ts). It also answers the installation's
--     workspace status (`workspace_status`), so the drain can hold a lane whose workspace is
--     suspended or archived.
--   * 055's planner settings (`enable_seqscan`, `enable_hashjoin`, `enable_mergejoin` off,
--     `force_generic_plan`) covered all of `shell.record_lane_batch`, so they also applied to
--     what it calls (`shell.summarise_events`, the 410 path's updates). They now sit on an inner
--     function, `shell.record_lane_outcomes`, that runs only 055's one statement and answers the
--     events shared with other deliveries; `record_lane_batch` (same signature, same result)
--     keeps only `search_path` and runs the rest with the session's settings.
--   * The lane-notify insert trigger enters PL/pgSQL only when it will NOTIFY: its WHEN clause
--     now also tests `shell.defer_lane_notify` (set by emit_event/emit_events with
--     `p_notify => false`, every module emit), so a deferred delivery row queues no after-trigger
--     event and calls no function. The function keeps its own test (a caller that sets the
--     setting after the row was queued is still quiet).
-- Pre-check: 056 is applied (platform permission columns); 057 is not (read_lane has no
--   workspace_status column).
-- Post-check: the functions and trigger as described, executable by service_role only.
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.
--   057_delivery_lanes_generic_read_workspace_wait.down.sql restores 055's read_lane and
--   record_lane_batch and 040's lane-notify insert trigger (WHEN state = 'pending').

DO $$
BEGIN
  IF to_regprocedure('shell.read_lane(uuid, text, integer)') IS NULL
     OR pg_catalog.pg_get_function_result(to_regprocedure('shell.read_lane(uuid, text, integer)')) LIKE '%workspace_status%' THEN
    RAISE EXCEPTION '057 pre-check failed: 055''s read_lane is missing or 057 is already applied';
  END IF;
  IF to_regprocedure('shell.record_lane_outcomes(uuid[], text[], integer[], timestamptz[], integer[], text[], text[], uuid[], integer[], timestamptz[], integer[], integer[], text[], text[], text, uuid)') IS NOT NULL THEN
    RAISE EXCEPTION '057 pre-check failed: shell.record_lane_outcomes exists (057 applied?)';
  END IF;
END $$;

DROP FUNCTION shell.read_lane(uuid, text, integer);

-- Threat note (SECURITY DEFINER): as 050's and 055's (the lane's deliveries, their events, the
-- installation's target) plus the installation's workspace status; service_role only.
CREATE FUNCTION shell.read_lane(p_installation_id uuid, p_stream text, p_limit integer)
RETURNS TABLE (deliveries json, installation_id uuid, workspace_id uuid, module_key text,
               module_version text, state text, webhooks_disabled_at timestamptz, runtime jsonb,
               workspace_status text)
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = ''
SET plan_cache_mode = force_generic_plan
SET enable_seqscan = off
SET enable_bitmapscan = off
SET enable_sort = off
SET enable_hashjoin = off
SET enable_mergejoin = off
SET enable_material = off
AS $$
#variable_conflict use_column
BEGIN
  IF p_limit IS NULL OR p_limit < 1 OR p_limit > 1000 THEN
    RAISE EXCEPTION 'shell.read_lane: p_limit must be between 1 and 1000, got %', p_limit
      USING ERRCODE = 'invalid_parameter_value';
  END IF;
  -- One statement, one generic plan: the lane index in lane order (its predicate is the state
  -- filter), the events by primary key, the installation, its version and workspace by key.
  -- No row when the lane has nothing undelivered; null installation columns when it is gone.
  RETURN QUERY
    SELECT l.deliveries, i.id, i.workspace_id, i.module_key, i.module_version, i.state,
           i.webhooks_disabled_at, r.manifest_json -> 'runtime', w.status
      FROM (SELECT pg_catalog.json_agg(
                     pg_catalog.json_build_object(
                       'id', d.id, 'event_id', d.event_id, 'workspace_id', d.workspace_id,
                       'kind', d.kind, 'action', d.action, 'state', d.state,
                       'attempts', d.attempts, 'next_attempt_at', d.next_attempt_at,
                       'event', pg_catalog.json_build_object(
                         'id', e.id, 'workspace_id', e.workspace_id, 'event_name', e.event_name,
                         'source', e.source, 'stream', e.stream, 'sequence', e.sequence::text,
                         'payload_json', e.payload_json, 'correlation_id', e.correlation_id,
                         'idempotency_key', e.idempotency_key, 'occurred_at', e.occurred_at))
                     ORDER BY d.sequence, d.kind) AS deliveries
              FROM (SELECT * FROM public.event_deliveries d
                     WHERE d.installation_id = p_installation_id AND d.stream = p_stream
                       AND d.state IN ('pending', 'dead_letter')
                     ORDER BY d.sequence, d.kind
                     LIMIT p_limit) d
              JOIN public.events e ON e.id = d.event_id) l
      LEFT JOIN public.module_installations i ON i.id = p_installation_id
      LEFT JOIN public.module_registry r ON r.module_key = i.module_key AND r.version = i.module_version
      LEFT JOIN public.workspaces w ON w.id = i.workspace_id
     WHERE l.deliveries IS NOT NULL;
END
$$;
COMMENT ON FUNCTION shell.read_lane(uuid, text, integer) IS
  'A delivery lane''s first p_limit (1..1000) undelivered deliveries with their events (json, lane order), its installation target and the workspace''s status; one generically planned statement; service_role only.';
REVOKE ALL ON FUNCTION shell.read_lane(uuid, text, integer) FROM PUBLIC, anon, authenticated;
GRANT EXECUTE ON FUNCTION shell.read_lane(uuid, text, integer) TO service_role;

-- Threat note (SECURITY DEFINER): 055's statement, unchanged: outcomes and attempts of deliveries
-- of p_installation_id only, the summary of events all of whose deliveries are in the batch.
-- Called by record_lane_batch; service_role only, as it.
CREATE FUNCTION shell.record_lane_outcomes(
  p_delivery_ids uuid[],
  p_states text[],
  p_attempts integer[],
  p_next_attempt_at timestamptz[],
  p_last_status integer[],
  p_last_error text[],
  p_skip_reasons text[],
  p_attempt_delivery_ids uuid[],
  p_attempt_numbers integer[],
  p_attempt_started_at timestamptz[],
  p_attempt_duration_ms integer[],
  p_attempt_statuses integer[],
  p_attempt_outcomes text[],
  p_attempt_errors text[],
  p_worker text,
  p_installation_id uuid
)
RETURNS uuid[]
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
SET plan_cache_mode = force_generic_plan
SET enable_seqscan = off
SET enable_hashjoin = off
SET enable_mergejoin = off
AS $$
#variable_conflict use_column
DECLARE
  v_rest uuid[];
BEGIN
  -- One statement: outcomes, attempts, and the summary of every event whose deliveries are all
  -- among those updated here (`alone`). The installation and state filters use IS NOT DISTINCT
  -- FROM (the columns are NOT NULL): not index conditions, so the generic plan can only reach
  -- deliveries by id, whatever the table's size when it was made. Answers the other events.
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
     WHERE d.id = o.id
       AND d.installation_id IS NOT DISTINCT FROM p_installation_id
       AND d.state IS NOT DISTINCT FROM 'pending'
    RETURNING d.event_id, d.state, d.attempts
  ), recorded AS (
    INSERT INTO public.event_delivery_attempts
      (delivery_id, workspace_id, attempt, started_at, duration_ms, response_status, outcome, error, worker)
    SELECT d.id, d.workspace_id, a.attempt, a.started_at, a.duration_ms, a.response_status,
           a.outcome, a.error, p_worker
      FROM unnest(p_attempt_delivery_ids, p_attempt_numbers, p_attempt_started_at,
                  p_attempt_duration_ms, p_attempt_statuses, p_attempt_outcomes, p_attempt_errors)
        AS a (delivery_id, attempt, started_at, duration_ms, response_status, outcome, error)
      JOIN public.event_deliveries d ON d.id = a.delivery_id
       AND d.installation_id IS NOT DISTINCT FROM p_installation_id
  ), touched AS (
    -- An aggregate reads all of `updated` before its first row: every delivery is locked
    -- before any event (the order of retry, skip, replay and resume).
    SELECT u.event_id,
           pg_catalog.count(*) AS n,
           CASE WHEN pg_catalog.bool_or(u.state = 'dead_letter') THEN 'dead_letter'
                WHEN pg_catalog.bool_or(u.state = 'pending' AND u.attempts > 0) THEN 'failed'
                WHEN pg_catalog.bool_or(u.state = 'pending') THEN 'pending'
                WHEN pg_catalog.bool_or(u.state = 'delivered') THEN 'delivered'
                ELSE 'skipped' END AS state,
           pg_catalog.sum(u.attempts)::integer AS attempts
      FROM updated u
     GROUP BY u.event_id
  ), sole AS (
    -- Deliveries are inserted with their event only: an event none of whose deliveries is
    -- outside this batch is summarised by no other transaction while this one holds them.
    SELECT t.*, t.n = (SELECT pg_catalog.count(*) FROM public.event_deliveries x
                        WHERE x.event_id = t.event_id) AS alone
      FROM touched t
  ), summarised AS (
    UPDATE public.events e
       SET delivery_state = s.state,
           delivery_attempts = s.attempts,
           delivered_at = CASE WHEN s.state = 'delivered' THEN coalesce(e.delivered_at, pg_catalog.now())
                               ELSE e.delivered_at END,
           dead_lettered_at = CASE WHEN s.state = 'dead_letter' THEN coalesce(e.dead_lettered_at, pg_catalog.now())
                                   ELSE e.dead_lettered_at END
      FROM sole s
     WHERE e.id = s.event_id AND s.alone
       AND (e.delivery_state, e.delivery_attempts) IS DISTINCT FROM (s.state, s.attempts)
  )
  SELECT pg_catalog.array_agg(s.event_id) FILTER (WHERE NOT s.alone) INTO v_rest FROM sole s;
  RETURN coalesce(v_rest, '{}');
END
$$;
COMMENT ON FUNCTION shell.record_lane_outcomes(uuid[], text[], integer[], timestamptz[], integer[], text[], text[], uuid[], integer[], timestamptz[], integer[], integer[], text[], text[], text, uuid) IS
  'record_lane_batch''s one statement (outcomes, attempts, summaries of events all in the batch) under its generic plan settings; answers the other events; service_role only.';
REVOKE ALL ON FUNCTION shell.record_lane_outcomes(uuid[], text[], integer[], timestamptz[], integer[], text[], text[], uuid[], integer[], timestamptz[], integer[], integer[], text[], text[], text, uuid)
  FROM PUBLIC, anon, authenticated;
GRANT EXECUTE ON FUNCTION shell.record_lane_outcomes(uuid[], text[], integer[], timestamptz[], integer[], text[], text[], uuid[], integer[], timestamptz[], integer[], integer[], text[], text[], text, uuid)
  TO service_role;

-- Threat note (SECURITY DEFINER): as 055's; the planner settings moved to record_lane_outcomes.
CREATE OR REPLACE FUNCTION shell.record_lane_batch(
  p_delivery_ids uuid[],
  p_states text[],
  p_attempts integer[],
  p_next_attempt_at timestamptz[],
  p_last_status integer[],
  p_last_error text[],
  p_skip_reasons text[],
  p_attempt_delivery_ids uuid[],
  p_attempt_numbers integer[],
  p_attempt_started_at timestamptz[],
  p_attempt_duration_ms integer[],
  p_attempt_statuses integer[],
  p_attempt_outcomes text[],
  p_attempt_errors text[],
  p_worker text,
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
  v_rest uuid[];
  v_skipped uuid[] := '{}';
BEGIN
  -- For the rest of the transaction (is_local), not only this function: its commit does not
  -- wait for the WAL flush. A record lost in a crash leaves its delivery pending: sent again.
  PERFORM pg_catalog.set_config('synchronous_commit', 'off', true);

  v_rest := shell.record_lane_outcomes(
    p_delivery_ids, p_states, p_attempts, p_next_attempt_at, p_last_status, p_last_error,
    p_skip_reasons, p_attempt_delivery_ids, p_attempt_numbers, p_attempt_started_at,
    p_attempt_duration_ms, p_attempt_statuses, p_attempt_outcomes, p_attempt_errors, p_worker,
    p_installation_id);

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

  -- Events shared with other deliveries (other installations, or not all in this batch): the
  -- general summary, events locked in id order first.
  v_rest := v_rest || v_skipped;
  IF pg_catalog.cardinality(v_rest) > 0 THEN
    PERFORM shell.summarise_events(v_rest);
  END IF;
  RETURN QUERY SELECT v_disabled, pg_catalog.cardinality(v_skipped);
END
$$;

-- The insert trigger (040's, recreated with a WHEN): NOTIFY only when the inserting statement
-- does not defer it (043's shell.defer_lane_notify, which notify_event_lane also tests).
DROP TRIGGER event_deliveries_notify_lane_insert ON public.event_deliveries;
CREATE TRIGGER event_deliveries_notify_lane_insert
  AFTER INSERT ON public.event_deliveries
  FOR EACH ROW WHEN (NEW.state = 'pending'
                     AND pg_catalog.current_setting('shell.defer_lane_notify', true) IS DISTINCT FROM 'on')
  EXECUTE FUNCTION shell.notify_event_lane();

DO $$
DECLARE
  fn text;
BEGIN
  FOREACH fn IN ARRAY ARRAY[
    'shell.read_lane(uuid, text, integer)',
    'shell.record_lane_outcomes(uuid[], text[], integer[], timestamptz[], integer[], text[], text[], uuid[], integer[], timestamptz[], integer[], integer[], text[], text[], text, uuid)',
    'shell.record_lane_batch(uuid[], text[], integer[], timestamptz[], integer[], text[], text[], uuid[], integer[], timestamptz[], integer[], integer[], text[], text[], text, uuid, boolean)'
  ] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
                    WHERE p.oid = to_regprocedure(fn) AND l.lanname = 'plpgsql' AND p.prosecdef
                      AND p.proconfig[1] = 'search_path=""') THEN
      RAISE EXCEPTION '057 post-check failed: % is not a plpgsql SECURITY DEFINER function with search_path', fn;
    END IF;
    IF has_function_privilege('anon', fn, 'EXECUTE')
       OR has_function_privilege('authenticated', fn, 'EXECUTE')
       OR NOT has_function_privilege('service_role', fn, 'EXECUTE') THEN
      RAISE EXCEPTION '057 post-check failed: % must be executable by service_role only', fn;
    END IF;
  END LOOP;
  IF (SELECT p.proconfig FROM pg_catalog.pg_proc p
       WHERE p.oid = to_regprocedure('shell.record_lane_batch(uuid[], text[], integer[], timestamptz[], integer[], text[], text[], uuid[], integer[], timestamptz[], integer[], integer[], text[], text[], text, uuid, boolean)'))
     IS DISTINCT FROM ARRAY['search_path=""'] THEN
    RAISE EXCEPTION '057 post-check failed: record_lane_batch still carries planner settings';
  END IF;
  IF (SELECT p.proconfig FROM pg_catalog.pg_proc p
       WHERE p.oid = to_regprocedure('shell.record_lane_outcomes(uuid[], text[], integer[], timestamptz[], integer[], text[], text[], uuid[], integer[], timestamptz[], integer[], integer[], text[], text[], text, uuid)'))
     IS DISTINCT FROM ARRAY['search_path=""', 'plan_cache_mode=force_generic_plan', 'enable_seqscan=off',
                            'enable_hashjoin=off', 'enable_mergejoin=off'] THEN
    RAISE EXCEPTION '057 post-check failed: record_lane_outcomes lacks its plan settings';
  END IF;
  IF (SELECT p.proconfig FROM pg_catalog.pg_proc p
       WHERE p.oid = to_regprocedure('shell.read_lane(uuid, text, integer)'))
     IS DISTINCT FROM ARRAY['search_path=""', 'plan_cache_mode=force_generic_plan', 'enable_seqscan=off',
                            'enable_bitmapscan=off', 'enable_sort=off', 'enable_hashjoin=off',
                            'enable_mergejoin=off', 'enable_material=off'] THEN
    RAISE EXCEPTION '057 post-check failed: read_lane lacks its plan settings';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger t
                  WHERE t.tgrelid = 'public.event_deliveries'::regclass
                    AND t.tgname = 'event_deliveries_notify_lane_insert'
                    AND pg_catalog.pg_get_triggerdef(t.oid) LIKE '%shell.defer_lane_notify%') THEN
    RAISE EXCEPTION '057 post-check failed: the lane-notify insert trigger does not test shell.defer_lane_notify';
  END IF;
END $$;

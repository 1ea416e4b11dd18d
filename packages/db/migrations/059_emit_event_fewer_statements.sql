-- 059_emit_event_fewer_statements.sql
-- Purpose: one `shell.emit_event` call (a module's `emitEvent`, `POST /events`) costs less
--   Postgres CPU (issue 12 "Bench" (b1), one commit per event; docs/events.md "Speed"). Same
--   arguments, same answer, same rules; fewer statements per call:
--   * the stream's lock and last sequence are taken in the function, before the insert, which
--     brings its sequence: 054's trigger (WHEN NEW.sequence IS NULL) no longer fires for it, so
--     no PL/pgSQL trigger call per event. Same lock key, same `ORDER BY sequence DESC LIMIT 1`
--     read (one backward probe of events_workspace_id_stream_sequence_key), in its own statement
--     after the lock: its snapshot holds every event of the stream committed before the lock was
--     granted, as the trigger's statement did. The trigger stays for any other insert.
--   * an emit without a lifecycle action (every module and user emit) looks its subscribers up
--     with one join and two ordered aggregates instead of 043's UNION ALL with four.
--   * no deliveries insert (nor the defer_lane_notify toggles) for an event nobody consumes;
--     the lanes are built from the subscriber array, and the answer is returned with RETURN NEXT,
--     instead of two more queries.
--   Measured on a private PG 15 (one backend, events in one transaction, backend on-CPU time per
--   emit, alternating rounds under load 8-10): 043's body 416-445 us, this one 375-387 us per
--   emit inside one transaction; 609 against 572 us with a commit per emit. bench:events (b1):
--   Postgres CPU per event 8% lower in two back-to-back pairs (bench/README.md "Migration 059").
-- Pre-check: 043's emit_event exists (ten arguments) and 059 is not applied (its body takes no
--   advisory lock).
-- Post-check: emit_event takes the stream lock itself, is SECURITY DEFINER with an empty
--   search_path and executable by service_role only; the sequence trigger is unchanged.
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.
--   059_emit_event_fewer_statements.down.sql restores 043's body.

DO $$
DECLARE
  fn constant regprocedure :=
    to_regprocedure('shell.emit_event(uuid, text, text, text, jsonb, text, text, uuid, text, boolean)');
BEGIN
  IF fn IS NULL THEN
    RAISE EXCEPTION '059 pre-check failed: 043''s shell.emit_event is missing';
  END IF;
  IF pg_catalog.strpos(pg_catalog.pg_get_functiondef(fn), 'pg_advisory_xact_lock') > 0 THEN
    RAISE EXCEPTION '059 pre-check failed: emit_event already takes the stream lock (059 applied?)';
  END IF;
END $$;

-- Threat note (SECURITY DEFINER): as 041 and 043 (service_role only; the arguments were checked
-- by packages/events before the call); the lock key is 007's trigger's.
CREATE OR REPLACE FUNCTION shell.emit_event(
  p_workspace_id uuid,
  p_event_name text,
  p_source text,
  p_stream text,
  p_payload jsonb,
  p_correlation_id text,
  p_idempotency_key text,
  p_action_installation_id uuid DEFAULT NULL,
  p_action text DEFAULT NULL,
  p_notify boolean DEFAULT true
)
RETURNS TABLE (event_id uuid, event_sequence bigint, delivery_state text, duplicate boolean,
               conflict boolean, lanes text[])
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
#variable_conflict use_column
DECLARE
  v_id uuid := pg_catalog.gen_random_uuid();
  v_sequence bigint;
  v_installations uuid[];
  v_module_keys text[];
  v_kinds text[];
  v_actions text[];
  v_state text;
  v_lanes text[] := '{}';
  v_defer text;
  v_n integer;
  v_installation uuid;
BEGIN
  IF p_action IS NULL THEN
    SELECT coalesce(array_agg(i.id ORDER BY i.id), '{}'),
           coalesce(array_agg(i.module_key ORDER BY i.id), '{}')
      INTO v_installations, v_module_keys
      FROM public.module_installations i
      JOIN public.module_registry r ON r.module_key = i.module_key AND r.version = i.module_version
     WHERE i.workspace_id = p_workspace_id
       AND i.state = 'enabled'
       AND i.webhooks_disabled_at IS NULL
       AND r.manifest_json #>> '{runtime,webhooks,eventsPath}' IS NOT NULL
       AND pg_catalog.jsonb_path_exists(r.manifest_json, '$.events.consumes[*] ? (@.name == $name)',
                                        pg_catalog.jsonb_build_object('name', p_event_name));
    v_n := pg_catalog.cardinality(v_installations);
    v_kinds := pg_catalog.array_fill('event'::text, ARRAY[v_n]);
    v_actions := pg_catalog.array_fill(NULL::text, ARRAY[v_n]);
  ELSE
    SELECT coalesce(array_agg(s.installation_id ORDER BY s.installation_id, s.kind), '{}'),
           coalesce(array_agg(s.module_key ORDER BY s.installation_id, s.kind), '{}'),
           coalesce(array_agg(s.kind ORDER BY s.installation_id, s.kind), '{}'),
           coalesce(array_agg(s.action ORDER BY s.installation_id, s.kind), '{}')
      INTO v_installations, v_module_keys, v_kinds, v_actions
      FROM (
        SELECT i.id AS installation_id, i.module_key, 'event'::text AS kind, NULL::text AS action
          FROM public.module_installations i
          JOIN public.module_registry r ON r.module_key = i.module_key AND r.version = i.module_version
         WHERE i.workspace_id = p_workspace_id
           AND i.state = 'enabled'
           AND i.webhooks_disabled_at IS NULL
           AND r.manifest_json #>> '{runtime,webhooks,eventsPath}' IS NOT NULL
           AND pg_catalog.jsonb_path_exists(r.manifest_json, '$.events.consumes[*] ? (@.name == $name)',
                                            pg_catalog.jsonb_build_object('name', p_event_name))
        UNION ALL
        SELECT i.id, i.module_key, 'action', p_action
          FROM public.module_installations i
          JOIN public.module_registry r ON r.module_key = i.module_key AND r.version = i.module_version
         WHERE i.id = p_action_installation_id
           AND i.workspace_id = p_workspace_id
           AND r.manifest_json #> '{runtime,webhooks,actions}' ->> p_action IS NOT NULL
      ) s;
    v_n := pg_catalog.cardinality(v_installations);
  END IF;
  v_state := CASE WHEN v_n = 0 THEN 'no_subscribers' ELSE 'pending' END;

  -- The sequence trigger's lock and read, here: the insert brings its sequence, so the trigger
  -- (WHEN NEW.sequence IS NULL) does not fire. The read is a statement after the lock: its
  -- snapshot sees every event committed on the stream before the lock was granted.
  PERFORM pg_catalog.pg_advisory_xact_lock(
    pg_catalog.hashtextextended('shell.events:' || p_workspace_id::text || ':' || p_stream, 0));
  SELECT coalesce((SELECT e.sequence FROM public.events e
                    WHERE e.workspace_id = p_workspace_id AND e.stream = p_stream
                    ORDER BY e.sequence DESC LIMIT 1), 0) + 1
    INTO v_sequence;

  INSERT INTO public.events AS e
    (id, workspace_id, event_name, source, stream, sequence, payload_json, correlation_id,
     idempotency_key, delivery_state)
  VALUES (v_id, p_workspace_id, p_event_name, p_source, p_stream, v_sequence, p_payload,
          p_correlation_id, p_idempotency_key, v_state)
  ON CONFLICT (workspace_id, source, idempotency_key) DO NOTHING
  RETURNING e.sequence INTO v_sequence;

  IF v_sequence IS NULL THEN
    RETURN QUERY
      SELECT e.id, e.sequence, e.delivery_state, true,
             (e.event_name, e.stream, e.payload_json) IS DISTINCT FROM (p_event_name, p_stream, p_payload),
             '{}'::text[]
        FROM public.events e
       WHERE e.workspace_id = p_workspace_id AND e.source = p_source
         AND e.idempotency_key = p_idempotency_key;
    RETURN;
  END IF;

  IF v_n > 0 THEN
    IF NOT p_notify THEN
      v_defer := pg_catalog.current_setting('shell.defer_lane_notify', true);
      PERFORM pg_catalog.set_config('shell.defer_lane_notify', 'on', true);
    END IF;
    INSERT INTO public.event_deliveries
      (event_id, workspace_id, installation_id, module_key, kind, action, stream, sequence)
    SELECT v_id, p_workspace_id, u.installation_id, u.module_key, u.kind, u.action, p_stream, v_sequence
      FROM unnest(v_installations, v_module_keys, v_kinds, v_actions)
             AS u (installation_id, module_key, kind, action);
    IF NOT p_notify THEN
      PERFORM pg_catalog.set_config('shell.defer_lane_notify', coalesce(v_defer, ''), true);
    END IF;
    FOREACH v_installation IN ARRAY v_installations LOOP
      IF NOT (v_installation::text || '/' || p_stream) = ANY (v_lanes) THEN
        v_lanes := v_lanes || (v_installation::text || '/' || p_stream);
      END IF;
    END LOOP;
  END IF;

  event_id := v_id;
  event_sequence := v_sequence;
  delivery_state := v_state;
  duplicate := false;
  conflict := false;
  lanes := v_lanes;
  RETURN NEXT;
END
$$;

DO $$
DECLARE
  fn constant text := 'shell.emit_event(uuid, text, text, text, jsonb, text, text, uuid, text, boolean)';
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
                  WHERE p.oid = to_regprocedure(fn) AND p.prosecdef
                    AND p.proconfig = ARRAY['search_path=""']
                    AND pg_catalog.strpos(p.prosrc, 'pg_advisory_xact_lock') > 0) THEN
    RAISE EXCEPTION '059 post-check failed: % does not take the stream lock, or lost SECURITY DEFINER or its search_path', fn;
  END IF;
  IF has_function_privilege('anon', fn, 'EXECUTE')
     OR has_function_privilege('authenticated', fn, 'EXECUTE')
     OR NOT has_function_privilege('service_role', fn, 'EXECUTE') THEN
    RAISE EXCEPTION '059 post-check failed: % must be executable by service_role only', fn;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger t
                  WHERE t.tgrelid = 'public.events'::regclass AND t.tgname = 'events_assign_sequence'
                    AND pg_catalog.pg_get_triggerdef(t.oid) LIKE '%WHEN ((new.sequence IS NULL))%') THEN
    RAISE EXCEPTION '059 post-check failed: the sequence trigger changed';
  END IF;
END $$;

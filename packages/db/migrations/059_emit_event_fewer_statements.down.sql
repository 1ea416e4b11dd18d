-- 059_emit_event_fewer_statements.down.sql
-- Purpose: undo 059: 043's body of shell.emit_event (the sequence trigger numbers the event,
--   the subscriber lookup's UNION ALL for every call). Same arguments and answer; grants kept.
-- Pre-check: 059 is applied (emit_event takes the stream lock itself).
-- Post-check: emit_event no longer takes the lock (the trigger does).
-- Failure handling: the runner's transaction rolls back; nothing changed.

DO $$
BEGIN
  IF pg_catalog.strpos(pg_catalog.pg_get_functiondef(
       'shell.emit_event(uuid, text, text, text, jsonb, text, text, uuid, text, boolean)'::regprocedure),
       'pg_advisory_xact_lock') = 0 THEN
    RAISE EXCEPTION '059 down pre-check failed: 059 is not applied';
  END IF;
END $$;

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
  v_lanes text[];
  v_defer text;
BEGIN
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
       WHERE p_action IS NOT NULL
         AND i.id = p_action_installation_id
         AND i.workspace_id = p_workspace_id
         AND r.manifest_json #> '{runtime,webhooks,actions}' ->> p_action IS NOT NULL
    ) s;
  v_state := CASE WHEN pg_catalog.cardinality(v_installations) = 0 THEN 'no_subscribers' ELSE 'pending' END;

  INSERT INTO public.events AS e
    (id, workspace_id, event_name, source, stream, payload_json, correlation_id, idempotency_key,
     delivery_state)
  VALUES (v_id, p_workspace_id, p_event_name, p_source, p_stream, p_payload, p_correlation_id,
          p_idempotency_key, v_state)
  ON CONFLICT (workspace_id, source, idempotency_key) DO NOTHING
  RETURNING e.sequence INTO v_sequence;

  IF v_sequence IS NULL THEN
    -- Seen before (also when a concurrent emit of the key committed first): its first event.
    RETURN QUERY
      SELECT e.id, e.sequence, e.delivery_state, true,
             (e.event_name, e.stream, e.payload_json) IS DISTINCT FROM (p_event_name, p_stream, p_payload),
             '{}'::text[]
        FROM public.events e
       WHERE e.workspace_id = p_workspace_id AND e.source = p_source
         AND e.idempotency_key = p_idempotency_key;
    RETURN;
  END IF;

  IF NOT p_notify THEN
    v_defer := pg_catalog.current_setting('shell.defer_lane_notify', true);
    PERFORM pg_catalog.set_config('shell.defer_lane_notify', 'on', true);
  END IF;
  INSERT INTO public.event_deliveries
    (event_id, workspace_id, installation_id, module_key, kind, action, stream, sequence)
  -- unnest of several arrays is FROM-clause syntax (ROWS FROM), not a pg_catalog function.
  SELECT v_id, p_workspace_id, u.installation_id, u.module_key, u.kind, u.action, p_stream, v_sequence
    FROM unnest(v_installations, v_module_keys, v_kinds, v_actions)
           AS u (installation_id, module_key, kind, action);
  IF NOT p_notify THEN
    PERFORM pg_catalog.set_config('shell.defer_lane_notify', coalesce(v_defer, ''), true);
  END IF;

  SELECT coalesce(array_agg(DISTINCT u.installation_id::text || '/' || p_stream), '{}')
    INTO v_lanes
    FROM unnest(v_installations) AS u (installation_id);
  RETURN QUERY SELECT v_id, v_sequence, v_state, false, false, v_lanes;
END
$$;


DO $$
BEGIN
  IF pg_catalog.strpos(pg_catalog.pg_get_functiondef(
       'shell.emit_event(uuid, text, text, text, jsonb, text, text, uuid, text, boolean)'::regprocedure),
       'pg_advisory_xact_lock') > 0 THEN
    RAISE EXCEPTION '059 down post-check failed: emit_event still takes the stream lock';
  END IF;
END $$;

-- 041_emit_event.sql
-- Purpose: `shell.emit_event(...)`, the one way an event is stored (docs/events.md "Emit"):
--   in the caller's transaction and one round trip, it
--   * finds the subscribers: the workspace's enabled installations whose installed manifest
--     consumes the name and declares `runtime.webhooks.eventsPath`, whose endpoint is not
--     disabled; plus, for a module lifecycle event, one `action` delivery to the module's own
--     installation when its manifest declares that action's path (whatever its state);
--   * inserts the `events` row (the sequence trigger numbers it per (workspace, stream)) with
--     summary state `pending`, or `no_subscribers` when nobody gets it, and one
--     `event_deliveries` row per subscriber (the lane NOTIFY trigger of 040 wakes delivery on
--     commit);
--   * is idempotent per (workspace, source, idempotency_key): a key seen before stores nothing
--     and answers the first event with `duplicate`, and `conflict` when that event had another
--     name, stream or payload.
--   Also the index of the event monitor's list (GET /events: a workspace's events, newest
--   first, keyset on (recorded_at, id)).
--   The caller has checked who may emit what (packages/events emitEvent: producer, declared
--   name, schema); the function trusts its arguments. SECURITY DEFINER (runs as the migration
--   owner, search_path empty) so the web process can call it in one statement
--   (`db.callService`); EXECUTE for service_role only, never a request role.
-- Pre-check: 040 is applied; 041 is not.
-- Post-check: the function exists as described, executable by service_role only; the index.
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.
--   041_emit_event.down.sql drops it.

DO $$
BEGIN
  IF to_regclass('public.event_deliveries') IS NULL THEN
    RAISE EXCEPTION '041 pre-check failed: 040_event_bus is not applied';
  END IF;
  IF to_regprocedure('shell.emit_event(uuid, text, text, text, jsonb, text, text, uuid, text)') IS NOT NULL THEN
    RAISE EXCEPTION '041 pre-check failed: shell.emit_event exists (041 already applied?)';
  END IF;
END $$;

-- The event monitor's list: a workspace's events, newest first.
CREATE INDEX events_workspace_id_recorded_at_id_idx ON public.events (workspace_id, recorded_at DESC, id DESC);

-- Threat note (SECURITY DEFINER): writes events and deliveries of any workspace, so only
-- service_role may execute it; the caller checks the producer's rights first. It reads only
-- the installations and registry rows of p_workspace_id's subscribers, and changes nothing
-- but the new rows.
CREATE FUNCTION shell.emit_event(
  p_workspace_id uuid,
  p_event_name text,
  p_source text,
  p_stream text,
  p_payload jsonb,
  p_correlation_id text,
  p_idempotency_key text,
  p_action_installation_id uuid DEFAULT NULL,
  p_action text DEFAULT NULL
)
RETURNS TABLE (event_id uuid, event_sequence bigint, delivery_state text, duplicate boolean, conflict boolean)
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
             (e.event_name, e.stream, e.payload_json) IS DISTINCT FROM (p_event_name, p_stream, p_payload)
        FROM public.events e
       WHERE e.workspace_id = p_workspace_id AND e.source = p_source
         AND e.idempotency_key = p_idempotency_key;
    RETURN;
  END IF;

  INSERT INTO public.event_deliveries
    (event_id, workspace_id, installation_id, module_key, kind, action, stream, sequence)
  -- unnest of several arrays is FROM-clause syntax (ROWS FROM), not a pg_catalog function.
  SELECT v_id, p_workspace_id, u.installation_id, u.module_key, u.kind, u.action, p_stream, v_sequence
    FROM unnest(v_installations, v_module_keys, v_kinds, v_actions)
           AS u (installation_id, module_key, kind, action);

  RETURN QUERY SELECT v_id, v_sequence, v_state, false, false;
END
$$;
COMMENT ON FUNCTION shell.emit_event(uuid, text, text, text, jsonb, text, text, uuid, text) IS
  'Stores an event and its deliveries (fan-out), idempotent per (workspace, source, key); service_role only.';
REVOKE ALL ON FUNCTION shell.emit_event(uuid, text, text, text, jsonb, text, text, uuid, text)
  FROM PUBLIC, anon, authenticated;
GRANT EXECUTE ON FUNCTION shell.emit_event(uuid, text, text, text, jsonb, text, text, uuid, text)
  TO service_role;

DO $$
DECLARE
  fn constant text := 'shell.emit_event(uuid, text, text, text, jsonb, text, text, uuid, text)';
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
                  WHERE p.oid = to_regprocedure(fn) AND p.prosecdef
                    AND p.proconfig = ARRAY['search_path=""']) THEN
    RAISE EXCEPTION '041 post-check failed: % missing, not SECURITY DEFINER or without search_path', fn;
  END IF;
  IF has_function_privilege('anon', fn, 'EXECUTE')
     OR has_function_privilege('authenticated', fn, 'EXECUTE')
     OR NOT has_function_privilege('service_role', fn, 'EXECUTE') THEN
    RAISE EXCEPTION '041 post-check failed: % must be executable by service_role only', fn;
  END IF;
  IF to_regclass('public.events_workspace_id_recorded_at_id_idx') IS NULL THEN
    RAISE EXCEPTION '041 post-check failed: events_workspace_id_recorded_at_id_idx is missing';
  END IF;
END $$;

-- 043_event_bus_speed.down.sql
-- Purpose: undo 043: 041's shell.emit_event (nine arguments, no lanes), 040's lane trigger
--   function, 007's protect_events and events_delivery_due_idx; drops authenticate_module_key.
-- Pre-check: 043 is applied.
-- Post-check: 041's emit_event is back, 043's functions are gone, the index exists.
-- Failure handling: the runner's transaction rolls back; nothing changed.

DO $$
BEGIN
  IF to_regprocedure('shell.authenticate_module_key(bytea)') IS NULL
     OR to_regprocedure('shell.emit_event(uuid, text, text, text, jsonb, text, text, uuid, text, boolean)') IS NULL THEN
    RAISE EXCEPTION '043 down pre-check failed: 043 is not applied';
  END IF;
END $$;

DROP FUNCTION shell.authenticate_module_key(bytea);
DROP FUNCTION shell.emit_event(uuid, text, text, text, jsonb, text, text, uuid, text, boolean);

-- 041's function, verbatim.
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


-- 040's trigger function, verbatim.
CREATE OR REPLACE FUNCTION shell.notify_event_lane()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
  PERFORM pg_notify('shell_event_lanes', NEW.installation_id::text || '/' || NEW.stream);
  RETURN NULL;
END
$$;

-- 007's trigger function, verbatim.
CREATE OR REPLACE FUNCTION shell.protect_events()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
DECLARE
  delivery_columns constant text[] := ARRAY['delivery_state', 'delivery_attempts', 'next_attempt_at',
                                            'last_delivery_error', 'delivered_at', 'dead_lettered_at'];
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF (pg_catalog.to_jsonb(NEW) - delivery_columns) IS DISTINCT FROM (pg_catalog.to_jsonb(OLD) - delivery_columns) THEN
      RAISE EXCEPTION 'event % is append-only: only delivery tracking columns may change', OLD.id
        USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END IF;
  IF OLD.recorded_at > pg_catalog.now() - interval '180 days' THEN
    RAISE EXCEPTION 'event % is within the 180-day retention and cannot be deleted', OLD.id
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN OLD;
END;
$$;

CREATE INDEX events_delivery_due_idx ON public.events (next_attempt_at) WHERE delivery_state IN ('pending', 'failed');

DO $$
BEGIN
  IF to_regprocedure('shell.emit_event(uuid, text, text, text, jsonb, text, text, uuid, text)') IS NULL
     OR to_regprocedure('shell.emit_event(uuid, text, text, text, jsonb, text, text, uuid, text, boolean)') IS NOT NULL
     OR to_regprocedure('shell.authenticate_module_key(bytea)') IS NOT NULL
     OR to_regclass('public.events_delivery_due_idx') IS NULL THEN
    RAISE EXCEPTION '043 down post-check failed: 041''s emit_event, 007''s index or 043''s functions';
  END IF;
END $$;

-- 043_event_bus_speed.sql
-- Purpose: the event bus's hot paths cost less Postgres CPU and no longer serialise emits
--   (issue 12 "Bench"; docs/events.md "Speed"; measured with pg_stat_statements):
--   * `shell.emit_event` gains `p_notify` (default true, as before) and answers the lanes it
--     wrote (`lanes`, `<installation_id>/<stream>`). With `p_notify = false` the lane trigger
--     sends no NOTIFY for its deliveries: the caller announces the lanes after its commit
--     (packages/events emitEvent, the module path). A transaction that NOTIFYs takes a
--     cluster-wide lock at commit and holds it through its WAL flush, so NOTIFYing emits commit
--     one at a time (measured here: 10 connections inserting one row per commit, 3,932-8,747
--     commits/s; the same with a pg_notify, 1,335-1,949/s). Lifecycle and user emits keep the
--     trigger's NOTIFY (p_notify defaults to true).
--   * `shell.notify_event_lane()` sends nothing while `shell.defer_lane_notify` is 'on' (set and
--     restored by emit_event around its insert, local to the transaction).
--   * `shell.protect_events()` compares the columns that may not change directly instead of
--     turning both rows into jsonb (on every summary update of an event after a delivery: 25x
--     less trigger time measured on 500 updates). A column added to `events` later must be
--     added to this list (the post-check below fails when one is missing).
--   * `events_delivery_due_idx` (007's queue scan on events.next_attempt_at) is dropped: nothing
--     sets or reads events.next_attempt_at since 040 moved delivery to event_deliveries, and the
--     index's predicate on delivery_state made every summary update a non-HOT update.
--   * `shell.authenticate_module_key(secret_hash)`: the installation an API key (its SHA-256)
--     belongs to, as `authenticateInstallation` read it in a service transaction; one prepared
--     statement (`db.callService`) instead of BEGIN, SET, SELECT and COMMIT per emit request.
-- Pre-check: 042 is applied; 043 is not.
-- Post-check: the functions as described (SECURITY DEFINER ones executable by service_role
--   only), the index gone, protect_events naming every events column but the delivery ones.
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.
--   043_event_bus_speed.down.sql restores 041's emit_event, 040's trigger function, 007's
--   protect_events and index, and drops authenticate_module_key.

DO $$
BEGIN
  IF to_regclass('public.event_deliveries_last_delivered_idx') IS NULL THEN
    RAISE EXCEPTION '043 pre-check failed: 042_event_bus_hardening is not applied';
  END IF;
  IF to_regprocedure('shell.authenticate_module_key(bytea)') IS NOT NULL
     OR to_regprocedure('shell.emit_event(uuid, text, text, text, jsonb, text, text, uuid, text)') IS NULL THEN
    RAISE EXCEPTION '043 pre-check failed: 043 is already applied';
  END IF;
END $$;

DROP INDEX public.events_delivery_due_idx;

CREATE OR REPLACE FUNCTION shell.protect_events()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    -- Every column but the delivery tracking ones (delivery_state, delivery_attempts,
    -- next_attempt_at, last_delivery_error, delivered_at, dead_lettered_at).
    IF (NEW.id, NEW.workspace_id, NEW.event_name, NEW.source, NEW.stream, NEW.sequence,
        NEW.payload_json, NEW.correlation_id, NEW.idempotency_key, NEW.occurred_at, NEW.recorded_at)
       IS DISTINCT FROM
       (OLD.id, OLD.workspace_id, OLD.event_name, OLD.source, OLD.stream, OLD.sequence,
        OLD.payload_json, OLD.correlation_id, OLD.idempotency_key, OLD.occurred_at, OLD.recorded_at) THEN
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

CREATE OR REPLACE FUNCTION shell.notify_event_lane()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
  -- emit_event(p_notify => false): the caller announces the lanes after its commit.
  IF pg_catalog.current_setting('shell.defer_lane_notify', true) = 'on' THEN
    RETURN NULL;
  END IF;
  PERFORM pg_notify('shell_event_lanes', NEW.installation_id::text || '/' || NEW.stream);
  RETURN NULL;
END
$$;

DROP FUNCTION shell.emit_event(uuid, text, text, text, jsonb, text, text, uuid, text);

-- Threat note (SECURITY DEFINER): as 041. p_notify only decides whether the deliveries'
-- NOTIFY is sent by the trigger or left to the caller; the setting it uses is restored before
-- the function returns, so the rest of a caller's transaction notifies as usual.
CREATE FUNCTION shell.emit_event(
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
COMMENT ON FUNCTION shell.emit_event(uuid, text, text, text, jsonb, text, text, uuid, text, boolean) IS
  'Stores an event and its deliveries (fan-out), idempotent per (workspace, source, key); answers its lanes; service_role only.';
REVOKE ALL ON FUNCTION shell.emit_event(uuid, text, text, text, jsonb, text, text, uuid, text, boolean)
  FROM PUBLIC, anon, authenticated;
GRANT EXECUTE ON FUNCTION shell.emit_event(uuid, text, text, text, jsonb, text, text, uuid, text, boolean)
  TO service_role;

-- Threat note (SECURITY DEFINER): answers an installation for a key hash the caller computed
-- from a presented key; it reveals nothing a caller without the key's SHA-256 could use, and
-- only service_role may execute it. Same rules as authenticateInstallation: an api_key, not
-- revoked, not past its overlap, of an enabled installation in the credential's workspace.
CREATE FUNCTION shell.authenticate_module_key(p_secret_hash bytea)
RETURNS TABLE (installation_id uuid, workspace_id uuid, module_key text, module_version text,
               credential_id uuid)
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $$
  SELECT i.id, i.workspace_id, i.module_key, i.module_version, c.id
    FROM public.module_installation_credentials c
    JOIN public.module_installations i ON i.id = c.installation_id
                                      AND i.workspace_id = c.workspace_id
   WHERE c.secret_hash = p_secret_hash AND c.kind = 'api_key'
     AND c.revoked_at IS NULL AND (c.expires_at IS NULL OR c.expires_at > pg_catalog.now())
     AND i.state = 'enabled'
$$;
COMMENT ON FUNCTION shell.authenticate_module_key(bytea) IS
  'The enabled installation whose active API key has this SHA-256, if any; service_role only.';
REVOKE ALL ON FUNCTION shell.authenticate_module_key(bytea) FROM PUBLIC, anon, authenticated;
GRANT EXECUTE ON FUNCTION shell.authenticate_module_key(bytea) TO service_role;

DO $$
DECLARE
  fn text;
  missing text[];
BEGIN
  FOREACH fn IN ARRAY ARRAY['shell.emit_event(uuid, text, text, text, jsonb, text, text, uuid, text, boolean)',
                            'shell.authenticate_module_key(bytea)'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
                    WHERE p.oid = to_regprocedure(fn) AND p.prosecdef
                      AND p.proconfig = ARRAY['search_path=""']) THEN
      RAISE EXCEPTION '043 post-check failed: % missing, not SECURITY DEFINER or without search_path', fn;
    END IF;
    IF has_function_privilege('anon', fn, 'EXECUTE')
       OR has_function_privilege('authenticated', fn, 'EXECUTE')
       OR NOT has_function_privilege('service_role', fn, 'EXECUTE') THEN
      RAISE EXCEPTION '043 post-check failed: % must be executable by service_role only', fn;
    END IF;
  END LOOP;
  IF to_regprocedure('shell.emit_event(uuid, text, text, text, jsonb, text, text, uuid, text)') IS NOT NULL THEN
    RAISE EXCEPTION '043 post-check failed: 041''s emit_event is still there';
  END IF;
  IF to_regclass('public.events_delivery_due_idx') IS NOT NULL THEN
    RAISE EXCEPTION '043 post-check failed: events_delivery_due_idx is still there';
  END IF;
  SELECT array_agg(a.attname::text) INTO missing
    FROM pg_catalog.pg_attribute a
   WHERE a.attrelid = 'public.events'::regclass AND a.attnum > 0 AND NOT a.attisdropped
     AND a.attname NOT IN ('delivery_state', 'delivery_attempts', 'next_attempt_at',
                           'last_delivery_error', 'delivered_at', 'dead_lettered_at')
     AND pg_catalog.strpos(pg_catalog.pg_get_functiondef('shell.protect_events()'::regprocedure),
                           'NEW.' || a.attname || ',') = 0
     AND pg_catalog.strpos(pg_catalog.pg_get_functiondef('shell.protect_events()'::regprocedure),
                           'NEW.' || a.attname || ')') = 0;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION '043 post-check failed: protect_events does not compare %', missing;
  END IF;
END $$;

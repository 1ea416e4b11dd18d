-- 060_emit_module_events.sql
-- Purpose: a module's batch emit (`POST /events/batch` with its API key) in one round trip, as
--   058 made the single emit (docs/events.md "Batch emit", "Installation credentials"). Until
--   now every batch looked the key up (`shell.authenticate_module_key`), then stored the events
--   in a transaction of its own (`shell.emit_events`). With a PREDICTED principal (the one the
--   key's last successful authentication answered in this process, never trusted alone) the app
--   now sends `shell.emit_module_events(secret_hash, installation_id, module_version,
--   workspace_id, source, <emit_events' arrays>)`, which authenticates the key by calling
--   `shell.authenticate_module_key` (the same rules, not a copy) and stores the batch by calling
--   `shell.emit_events` (054: the same order, sequences, idempotency and fan-out) only when that
--   answer is the predicted one: the same installation and installed version, its workspace
--   active and the one emitted into, the source that installation's module's. Otherwise it
--   stores nothing and answers one row with `stale` true (every other column null): the app
--   drops its prediction and takes the full path. All or none: a key reused in the batch with
--   another name, stream or payload (emit_events' `conflict`) raises unique_violation on
--   `events_workspace_id_source_idempotency_key_key`, so the statement stores nothing; the app
--   then answers through the full path (its CONFLICT with `details.index`). One row per event
--   otherwise, in request order (`ord`, 1-based). `p_notify` as in emit_events.
-- Pre-check: 052's authenticate_module_key (six result columns) and 054's emit_events exist;
--   060 is not applied.
-- Post-check: plpgsql, VOLATILE, SECURITY DEFINER with an empty search_path, the eight result
--   columns, executable by service_role only.
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.
--   060_emit_module_events.down.sql drops the function.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
                  WHERE p.oid = to_regprocedure('shell.authenticate_module_key(bytea)')
                    AND pg_catalog.pg_get_function_result(p.oid) =
                        'TABLE(installation_id uuid, workspace_id uuid, module_key text, module_version text, credential_id uuid, workspace_status text)')
     OR to_regprocedure('shell.emit_events(uuid[], text, text[], text[], jsonb[], text[], text[], boolean)') IS NULL THEN
    RAISE EXCEPTION '060 pre-check failed: 052''s authenticate_module_key or 054''s emit_events is missing';
  END IF;
  IF to_regprocedure('shell.emit_module_events(bytea, uuid, text, uuid, text, text[], text[], jsonb[], text[], text[], boolean)') IS NOT NULL THEN
    RAISE EXCEPTION '060 pre-check failed: shell.emit_module_events exists (060 already applied?)';
  END IF;
END $$;

-- Threat note (SECURITY DEFINER): stores events only for a key hash that authenticates now
-- (shell.authenticate_module_key, itself service_role only) as exactly the installation,
-- version, workspace and source the caller predicted; a wrong or stale prediction stores
-- nothing and reveals only that it was wrong (the caller then authenticates the key the full
-- way). Only service_role may execute it.
CREATE FUNCTION shell.emit_module_events(
  p_secret_hash bytea,
  p_installation_id uuid,
  p_module_version text,
  p_workspace_id uuid,
  p_source text,
  p_event_names text[],
  p_streams text[],
  p_payloads jsonb[],
  p_correlation_ids text[],
  p_idempotency_keys text[],
  p_notify boolean DEFAULT true
)
RETURNS TABLE (ord integer, event_id uuid, event_sequence bigint, delivery_state text,
               duplicate boolean, conflict boolean, lanes text[], stale boolean)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
  v_row record;
BEGIN
  PERFORM 1
     FROM shell.authenticate_module_key(p_secret_hash) k
    WHERE k.installation_id = p_installation_id
      AND k.module_version = p_module_version
      AND k.workspace_id = p_workspace_id
      AND k.workspace_status = 'active'
      AND p_source = '/modules/' || k.module_key;
  IF NOT FOUND THEN
    RETURN QUERY SELECT NULL::integer, NULL::uuid, NULL::bigint, NULL::text, NULL::boolean,
                        NULL::boolean, NULL::text[], true;
    RETURN;
  END IF;
  FOR v_row IN
    SELECT e.*
      FROM shell.emit_events(
             pg_catalog.array_fill(p_workspace_id,
                                   ARRAY[coalesce(pg_catalog.cardinality(p_event_names), 0)]),
             p_source, p_event_names, p_streams, p_payloads, p_correlation_ids,
             p_idempotency_keys, p_notify) e
     ORDER BY e.ord
  LOOP
    IF v_row.conflict THEN
      -- All or none: the statement fails, so the events stored before this one are not kept.
      RAISE EXCEPTION 'emit_module_events: idempotency key of event % reused for another event', v_row.ord
        USING ERRCODE = 'unique_violation', SCHEMA = 'public', TABLE = 'events',
              CONSTRAINT = 'events_workspace_id_source_idempotency_key_key';
    END IF;
    ord := v_row.ord;
    event_id := v_row.event_id;
    event_sequence := v_row.event_sequence;
    delivery_state := v_row.delivery_state;
    duplicate := v_row.duplicate;
    conflict := false;
    lanes := v_row.lanes;
    stale := false;
    RETURN NEXT;
  END LOOP;
END
$$;
COMMENT ON FUNCTION shell.emit_module_events(bytea, uuid, text, uuid, text, text[], text[], jsonb[], text[], text[], boolean) IS
  'A module''s batch emit in one call: emit_events only if the key hash authenticates (authenticate_module_key) as the predicted installation, version, active workspace and source; else stores nothing and answers stale; a reused key raises unique_violation; service_role only.';
REVOKE ALL ON FUNCTION shell.emit_module_events(bytea, uuid, text, uuid, text, text[], text[], jsonb[], text[], text[], boolean)
  FROM PUBLIC, anon, authenticated;
GRANT EXECUTE ON FUNCTION shell.emit_module_events(bytea, uuid, text, uuid, text, text[], text[], jsonb[], text[], text[], boolean)
  TO service_role;

DO $$
DECLARE
  fn constant text := 'shell.emit_module_events(bytea, uuid, text, uuid, text, text[], text[], jsonb[], text[], text[], boolean)';
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
                  WHERE p.oid = to_regprocedure(fn) AND l.lanname = 'plpgsql' AND p.prosecdef
                    AND p.provolatile = 'v' AND p.proconfig = ARRAY['search_path=""']
                    AND pg_catalog.pg_get_function_result(p.oid) =
                        'TABLE(ord integer, event_id uuid, event_sequence bigint, delivery_state text, duplicate boolean, conflict boolean, lanes text[], stale boolean)') THEN
    RAISE EXCEPTION '060 post-check failed: % is not the VOLATILE plpgsql SECURITY DEFINER function with search_path and eight columns', fn;
  END IF;
  IF has_function_privilege('anon', fn, 'EXECUTE')
     OR has_function_privilege('authenticated', fn, 'EXECUTE')
     OR NOT has_function_privilege('service_role', fn, 'EXECUTE') THEN
    RAISE EXCEPTION '060 post-check failed: % must be executable by service_role only', fn;
  END IF;
END $$;

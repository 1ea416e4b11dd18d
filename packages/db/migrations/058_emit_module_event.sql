-- 058_emit_module_event.sql
-- Purpose: a module's emit (`POST /events` with its API key) in one round trip instead of two
--   (issue 12 "Bench" (a); docs/events.md "Installation credentials", "Speed"). Until now every
--   module emit paid `shell.authenticate_module_key(hash)` and then `shell.emit_event(...)`. The
--   app now keeps, per process, the principal the last successful authentication of a key
--   answered (a PREDICTION, never trusted alone) and sends the emit with it:
--   `shell.emit_module_event(secret_hash, installation_id, module_version, <emit_event's
--   arguments>)` authenticates the key by calling `shell.authenticate_module_key` (the same
--   rules, not a copy: an api_key, not revoked, not past its overlap, of an enabled
--   installation) and stores the event by calling `shell.emit_event` only when that answer is
--   the predicted one: the same installation and installed version, its workspace active and
--   the one emitted into, the source that installation's module's. Otherwise it stores nothing
--   and answers one row with `stale` true (every other column null): the app drops its
--   prediction and takes the full path (authenticate: AUTH_REQUIRED, WORKSPACE_FORBIDDEN,
--   BILLING_*; then emit). So a revoked, expired, rotated-out key, a disabled or uninstalled
--   installation, an upgrade and a suspended or archived workspace take effect on the next
--   request, as before. `p_notify` as in emit_event (lifecycle actions do not come this way).
-- Pre-check: 052's authenticate_module_key (six result columns) and 043's emit_event exist;
--   058 is not applied.
-- Post-check: plpgsql, VOLATILE, SECURITY DEFINER with an empty search_path, the seven result
--   columns, executable by service_role only.
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.
--   058_emit_module_event.down.sql drops the function.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
                  WHERE p.oid = to_regprocedure('shell.authenticate_module_key(bytea)')
                    AND pg_catalog.pg_get_function_result(p.oid) =
                        'TABLE(installation_id uuid, workspace_id uuid, module_key text, module_version text, credential_id uuid, workspace_status text)')
     OR to_regprocedure('shell.emit_event(uuid, text, text, text, jsonb, text, text, uuid, text, boolean)') IS NULL THEN
    RAISE EXCEPTION '058 pre-check failed: 052''s authenticate_module_key or 043''s emit_event is missing';
  END IF;
  IF to_regprocedure('shell.emit_module_event(bytea, uuid, text, uuid, text, text, text, jsonb, text, text, boolean)') IS NOT NULL THEN
    RAISE EXCEPTION '058 pre-check failed: shell.emit_module_event exists (058 already applied?)';
  END IF;
END $$;

-- Threat note (SECURITY DEFINER): stores an event only for a key hash that authenticates now
-- (shell.authenticate_module_key, itself service_role only) as exactly the installation,
-- version, workspace and source the caller predicted; a wrong or stale prediction stores
-- nothing and reveals only that it was wrong (the caller then authenticates the key the full
-- way). Only service_role may execute it.
CREATE FUNCTION shell.emit_module_event(
  p_secret_hash bytea,
  p_installation_id uuid,
  p_module_version text,
  p_workspace_id uuid,
  p_event_name text,
  p_source text,
  p_stream text,
  p_payload jsonb,
  p_correlation_id text,
  p_idempotency_key text,
  p_notify boolean DEFAULT true
)
RETURNS TABLE (event_id uuid, event_sequence bigint, delivery_state text, duplicate boolean,
               conflict boolean, lanes text[], stale boolean)
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
  PERFORM 1
     FROM shell.authenticate_module_key(p_secret_hash) k
    WHERE k.installation_id = p_installation_id
      AND k.module_version = p_module_version
      AND k.workspace_id = p_workspace_id
      AND k.workspace_status = 'active'
      AND p_source = '/modules/' || k.module_key;
  IF NOT FOUND THEN
    RETURN QUERY SELECT NULL::uuid, NULL::bigint, NULL::text, NULL::boolean, NULL::boolean,
                        NULL::text[], true;
    RETURN;
  END IF;
  RETURN QUERY
    SELECT e.event_id, e.event_sequence, e.delivery_state, e.duplicate, e.conflict, e.lanes, false
      FROM shell.emit_event(p_workspace_id, p_event_name, p_source, p_stream, p_payload,
                            p_correlation_id, p_idempotency_key, NULL, NULL, p_notify) e;
END
$$;
COMMENT ON FUNCTION shell.emit_module_event(bytea, uuid, text, uuid, text, text, text, jsonb, text, text, boolean) IS
  'A module''s emit in one call: emit_event only if the key hash authenticates (authenticate_module_key) as the predicted installation, version, active workspace and source; else stores nothing and answers stale; service_role only.';
REVOKE ALL ON FUNCTION shell.emit_module_event(bytea, uuid, text, uuid, text, text, text, jsonb, text, text, boolean)
  FROM PUBLIC, anon, authenticated;
GRANT EXECUTE ON FUNCTION shell.emit_module_event(bytea, uuid, text, uuid, text, text, text, jsonb, text, text, boolean)
  TO service_role;

DO $$
DECLARE
  fn constant text := 'shell.emit_module_event(bytea, uuid, text, uuid, text, text, text, jsonb, text, text, boolean)';
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
                  WHERE p.oid = to_regprocedure(fn) AND l.lanname = 'plpgsql' AND p.prosecdef
                    AND p.provolatile = 'v' AND p.proconfig = ARRAY['search_path=""']
                    AND pg_catalog.pg_get_function_result(p.oid) =
                        'TABLE(event_id uuid, event_sequence bigint, delivery_state text, duplicate boolean, conflict boolean, lanes text[], stale boolean)') THEN
    RAISE EXCEPTION '058 post-check failed: % is not the VOLATILE plpgsql SECURITY DEFINER function with search_path and seven columns', fn;
  END IF;
  IF has_function_privilege('anon', fn, 'EXECUTE')
     OR has_function_privilege('authenticated', fn, 'EXECUTE')
     OR NOT has_function_privilege('service_role', fn, 'EXECUTE') THEN
    RAISE EXCEPTION '058 post-check failed: % must be executable by service_role only', fn;
  END IF;
END $$;

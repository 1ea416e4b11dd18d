-- 048_events_service_writes.sql
-- Purpose: `public.events` is written by the service only. 012 granted request code
--   (`authenticated`) INSERT on nine columns of events with the policy `events_insert_visible`
--   (any member of a visible workspace, whatever its role), from before the event bus had an
--   emit path. Since 041 every event is stored by `shell.emit_event` (SECURITY DEFINER,
--   service_role only) after the emit checks of packages/events (who may emit what, the
--   declared schema, the payload cap; docs/events.md "Emit"), and by the module lifecycle and
--   membership transitions as the service. A direct INSERT as `authenticated` skipped every one
--   of those checks: a business_user could put an event of any name, source and payload into
--   its workspace's log, fanned out to nobody but shown in the monitor as if a module or the
--   shell had emitted it. No request code inserts events (emitInTransaction stores through
--   asServiceRole), so nothing else changes.
-- Pre-check: 047 is applied (authenticate_module_key is plpgsql); `events_insert_visible` exists.
-- Post-check: the policy is gone; `authenticated` and `anon` hold no INSERT on any column of
--   events; service_role still does; `authenticated` still SELECTs (042's events.manage policy).
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.
--   048_events_service_writes.down.sql restores 012's grant and policy.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
                  WHERE p.oid = to_regprocedure('shell.authenticate_module_key(bytea)')
                    AND l.lanname = 'plpgsql') THEN
    RAISE EXCEPTION '048 pre-check failed: 047 is not applied';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policies
                  WHERE schemaname = 'public' AND tablename = 'events'
                    AND policyname = 'events_insert_visible') THEN
    RAISE EXCEPTION '048 pre-check failed: events_insert_visible does not exist (048 already applied?)';
  END IF;
END $$;

DROP POLICY events_insert_visible ON public.events;
-- Revoking on the table also revokes the column grants; the column list says what 012 granted.
REVOKE INSERT (id, workspace_id, event_name, source, stream, payload_json, correlation_id,
               idempotency_key, occurred_at)
  ON public.events FROM authenticated;
REVOKE INSERT ON public.events FROM authenticated, anon;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_policies
              WHERE schemaname = 'public' AND tablename = 'events' AND cmd IN ('INSERT', 'ALL'))
     OR has_any_column_privilege('authenticated', 'public.events', 'INSERT')
     OR has_any_column_privilege('anon', 'public.events', 'INSERT')
     OR NOT has_table_privilege('service_role', 'public.events', 'INSERT')
     OR NOT has_table_privilege('authenticated', 'public.events', 'SELECT') THEN
    RAISE EXCEPTION '048 post-check failed: events must be inserted by service_role only, read as before';
  END IF;
END $$;

-- 048_events_service_writes.down.sql
-- Purpose: undo 048: 012's INSERT grant on nine columns of events to `authenticated` and its
--   policy `events_insert_visible` (any member of a visible workspace), verbatim.
-- Pre-check: 048 is applied (no events insert policy, no authenticated INSERT).
-- Post-check: the grant and the policy are back.
-- Failure handling: the runner's transaction rolls back; fix and re-run. Staging only.

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_policies
              WHERE schemaname = 'public' AND tablename = 'events'
                AND policyname = 'events_insert_visible')
     OR has_any_column_privilege('authenticated', 'public.events', 'INSERT') THEN
    RAISE EXCEPTION '048 down pre-check failed: 048 is not applied';
  END IF;
END $$;

GRANT INSERT (id, workspace_id, event_name, source, stream, payload_json, correlation_id, idempotency_key, occurred_at)
  ON public.events TO authenticated;
CREATE POLICY events_insert_visible ON public.events
  FOR INSERT TO authenticated
  WITH CHECK (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policies
                  WHERE schemaname = 'public' AND tablename = 'events'
                    AND policyname = 'events_insert_visible')
     OR NOT has_column_privilege('authenticated', 'public.events', 'payload_json', 'INSERT') THEN
    RAISE EXCEPTION '048 down post-check failed: 012''s events insert grant and policy are not back';
  END IF;
END $$;

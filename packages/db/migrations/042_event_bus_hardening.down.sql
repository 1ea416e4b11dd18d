-- 042_event_bus_hardening.down.sql
-- Purpose: undo 042: the events read policy of 012/023 again (any visible workspace, or
--   platform scope), the `skipped` summary state (such events become `delivered`, the 041
--   reading) and the two subscriptions indexes.
-- Pre-check: 042 is applied (events_select_events_manage exists).
-- Post-check: the 023 policy is back, the constraint lacks `skipped`, the indexes are gone.
-- Failure handling: the runner's transaction rolls back; fix and re-run. Staging only.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policies
                  WHERE schemaname = 'public' AND tablename = 'events'
                    AND policyname = 'events_select_events_manage') THEN
    RAISE EXCEPTION '042 down pre-check failed: events_select_events_manage does not exist (042 not applied?)';
  END IF;
END $$;

DROP POLICY events_select_events_manage ON public.events;
CREATE POLICY events_select_visible ON public.events
  FOR SELECT TO authenticated
  USING ((SELECT shell.in_platform_scope()) OR workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));

UPDATE public.events SET delivery_state = 'delivered' WHERE delivery_state = 'skipped';
ALTER TABLE public.events
  DROP CONSTRAINT events_delivery_state_check,
  ADD CONSTRAINT events_delivery_state_check
    CHECK (delivery_state IN ('pending', 'delivered', 'failed', 'dead_letter', 'no_subscribers'));

DROP INDEX public.event_deliveries_last_delivered_idx;
DROP INDEX public.event_delivery_attempts_failures_idx;

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policies
                  WHERE schemaname = 'public' AND tablename = 'events' AND policyname = 'events_select_visible')
     OR to_regclass('public.event_deliveries_last_delivered_idx') IS NOT NULL
     OR to_regclass('public.event_delivery_attempts_failures_idx') IS NOT NULL THEN
    RAISE EXCEPTION '042 down post-check failed: something of 042 is still there';
  END IF;
END $$;

-- 042_event_bus_hardening.sql
-- Purpose: issue 12 review hardening of the event bus (docs/events.md):
--   * RLS: `public.events` is read by request code only where the caller holds
--     `events.manage` (as event_deliveries and event_delivery_attempts since 040, and as every
--     events API call checks in code); 012/023 let any member of a visible workspace read every
--     event's payload. Super members keep their reach (workspaces_with_permission counts a
--     super membership for every visible workspace). Emit, delivery, retention and the module
--     lifecycle read and write events as service_role, which RLS does not narrow.
--   * `events.delivery_state` gains `skipped`: an event every delivery of which was skipped
--     (an admin's skip, an endpoint gone, an installation not enabled) no longer reads
--     `delivered`. Existing such events are set to `skipped` here.
--   * Two small partial indexes for the subscriptions tab (GET /events/subscriptions), whose
--     "last delivery" read every delivery of the installation and whose "last failure" read
--     every attempt of every workspace (a sequential scan):
--       event_deliveries (installation_id, delivered_at DESC) WHERE state = 'delivered'
--       event_delivery_attempts (workspace_id, started_at DESC) WHERE outcome <> 'delivered'
--     (failed attempts are rare, so the second costs nothing on a healthy delivery).
-- Pre-check: 041 is applied (shell.emit_event exists); 042 is not (its policy is absent).
-- Post-check: the policy, the constraint and the two indexes exist; the old policy is gone.
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.
--   042_event_bus_hardening.down.sql undoes it (`skipped` events become `delivered` again).

DO $$
BEGIN
  IF to_regprocedure('shell.emit_event(uuid, text, text, text, jsonb, text, text, uuid, text)') IS NULL THEN
    RAISE EXCEPTION '042 pre-check failed: 041_emit_event is not applied';
  END IF;
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_policies
              WHERE schemaname = 'public' AND tablename = 'events'
                AND policyname = 'events_select_events_manage') THEN
    RAISE EXCEPTION '042 pre-check failed: events_select_events_manage exists (042 already applied?)';
  END IF;
END $$;

-- Reads of the event log: events.manage in the row's workspace, like its deliveries.
DROP POLICY events_select_visible ON public.events;
CREATE POLICY events_select_events_manage ON public.events
  FOR SELECT TO authenticated
  USING (workspace_id = ANY ((SELECT shell.workspaces_with_permission('events.manage'))::uuid[]));

-- The summary of an event whose deliveries were all skipped.
ALTER TABLE public.events
  DROP CONSTRAINT events_delivery_state_check,
  ADD CONSTRAINT events_delivery_state_check
    CHECK (delivery_state IN ('pending', 'delivered', 'failed', 'dead_letter', 'no_subscribers', 'skipped'));
UPDATE public.events e
   SET delivery_state = 'skipped'
 WHERE e.delivery_state = 'delivered'
   AND EXISTS (SELECT 1 FROM public.event_deliveries d WHERE d.event_id = e.id)
   AND NOT EXISTS (SELECT 1 FROM public.event_deliveries d
                    WHERE d.event_id = e.id AND d.state <> 'skipped');

-- The subscriptions tab: an installation's last delivery, a workspace's failed attempts.
CREATE INDEX event_deliveries_last_delivered_idx
  ON public.event_deliveries (installation_id, delivered_at DESC) WHERE state = 'delivered';
CREATE INDEX event_delivery_attempts_failures_idx
  ON public.event_delivery_attempts (workspace_id, started_at DESC) WHERE outcome <> 'delivered';

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_policies
              WHERE schemaname = 'public' AND tablename = 'events' AND policyname = 'events_select_visible')
     OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policies
                     WHERE schemaname = 'public' AND tablename = 'events'
                       AND policyname = 'events_select_events_manage' AND cmd = 'SELECT'
                       AND qual ILIKE '%workspaces_with_permission(''events.manage''%') THEN
    RAISE EXCEPTION '042 post-check failed: the events read policy is not events.manage';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint
                  WHERE conrelid = 'public.events'::regclass AND conname = 'events_delivery_state_check'
                    AND pg_catalog.pg_get_constraintdef(oid) LIKE '%skipped%') THEN
    RAISE EXCEPTION '042 post-check failed: events_delivery_state_check lacks skipped';
  END IF;
  IF to_regclass('public.event_deliveries_last_delivered_idx') IS NULL
     OR to_regclass('public.event_delivery_attempts_failures_idx') IS NULL THEN
    RAISE EXCEPTION '042 post-check failed: an index of 042 is missing';
  END IF;
END $$;

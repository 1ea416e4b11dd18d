-- 050_delivery_lane_calls.down.sql
-- Purpose: undo 050: drops shell.read_lane, shell.record_lane_batch and shell.summarise_events
--   (packages/events before 050 sends their statements itself).
-- Pre-check: 050 is applied (the three functions exist).
-- Post-check: none of them is left.
-- Failure handling: the runner's transaction rolls back; nothing changed.

DO $$
BEGIN
  IF to_regprocedure('shell.read_lane(uuid, text, integer)') IS NULL
     OR to_regprocedure('shell.summarise_events(uuid[])') IS NULL
     OR to_regproc('shell.record_lane_batch') IS NULL THEN
    RAISE EXCEPTION '050 down pre-check failed: 050 is not applied';
  END IF;
END $$;

DROP FUNCTION shell.record_lane_batch(uuid[], text[], integer[], timestamptz[], integer[], text[], text[], uuid[], uuid[], integer[], timestamptz[], integer[], integer[], text[], text[], text, uuid[], uuid, boolean);
DROP FUNCTION shell.summarise_events(uuid[]);
DROP FUNCTION shell.read_lane(uuid, text, integer);

DO $$
BEGIN
  IF to_regprocedure('shell.read_lane(uuid, text, integer)') IS NOT NULL
     OR to_regprocedure('shell.summarise_events(uuid[])') IS NOT NULL
     OR to_regproc('shell.record_lane_batch') IS NOT NULL THEN
    RAISE EXCEPTION '050 down post-check failed: a function of 050 is still there';
  END IF;
END $$;

-- 053_delivery_lane_calls_custom_plans.down.sql
-- Purpose: undo 053: 050's delivery functions use PL/pgSQL's plan cache again.
-- Pre-check: 053 is applied.
-- Post-check: each function's settings are 050's (`search_path=""` only).
-- Failure handling: the runner's transaction rolls back; nothing changed.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
                  WHERE p.oid = to_regprocedure('shell.summarise_events(uuid[])')
                    AND p.proconfig = ARRAY['search_path=""', 'plan_cache_mode=force_custom_plan']) THEN
    RAISE EXCEPTION '053 down pre-check failed: 053 is not applied';
  END IF;
END $$;

ALTER FUNCTION shell.read_lane(uuid, text, integer) RESET plan_cache_mode;
ALTER FUNCTION shell.summarise_events(uuid[]) RESET plan_cache_mode;
ALTER FUNCTION shell.record_lane_batch(uuid[], text[], integer[], timestamptz[], integer[], text[], text[], uuid[], uuid[], integer[], timestamptz[], integer[], integer[], text[], text[], text, uuid[], uuid, boolean)
  RESET plan_cache_mode;

DO $$
DECLARE
  fn text;
BEGIN
  FOREACH fn IN ARRAY ARRAY[
    'shell.read_lane(uuid, text, integer)',
    'shell.summarise_events(uuid[])',
    'shell.record_lane_batch(uuid[], text[], integer[], timestamptz[], integer[], text[], text[], uuid[], uuid[], integer[], timestamptz[], integer[], integer[], text[], text[], text, uuid[], uuid, boolean)'
  ] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
                    WHERE p.oid = to_regprocedure(fn) AND p.proconfig = ARRAY['search_path=""']) THEN
      RAISE EXCEPTION '053 down post-check failed: % still has other settings', fn;
    END IF;
  END LOOP;
END $$;

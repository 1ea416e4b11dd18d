-- 053_delivery_lane_calls_custom_plans.sql
-- Purpose: migration 050's delivery functions (`shell.read_lane`, `shell.summarise_events`,
--   `shell.record_lane_batch`) plan their statements for the arguments of each call
--   (`plan_cache_mode = force_custom_plan`) instead of PL/pgSQL's cached generic plans.
--   A PL/pgSQL statement is planned for its parameters five times, then a generic plan is kept
--   for the session when it looks no dearer; planned while `events` and `event_deliveries`
--   were small (a new installation, a fresh database), that plan scans the whole table and
--   stays in use as the tables grow: bench:events read 79.7 million `events` rows in 5,373
--   sequential scans (one per recorded lane batch, from summarise_events) and 15.6 million
--   `event_deliveries` rows for 44,000 events (pg_stat_user_tables, 2026-12-07). The same
--   statements sent from packages/events before 050 were planned on every call. A custom plan
--   costs a planning per statement per call (tens of microseconds), far less than one scan.
-- Pre-check: 050's three functions exist without a plan_cache_mode setting (053 not applied).
-- Post-check: each has exactly `search_path=""` and `plan_cache_mode=force_custom_plan`, and is
--   still executable by service_role only.
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.
--   053_delivery_lane_calls_custom_plans.down.sql resets the setting (050's functions exactly).

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
      RAISE EXCEPTION '053 pre-check failed: % is missing or already has other settings (050 missing or 053 applied)', fn;
    END IF;
  END LOOP;
END $$;

ALTER FUNCTION shell.read_lane(uuid, text, integer) SET plan_cache_mode = force_custom_plan;
ALTER FUNCTION shell.summarise_events(uuid[]) SET plan_cache_mode = force_custom_plan;
ALTER FUNCTION shell.record_lane_batch(uuid[], text[], integer[], timestamptz[], integer[], text[], text[], uuid[], uuid[], integer[], timestamptz[], integer[], integer[], text[], text[], text, uuid[], uuid, boolean)
  SET plan_cache_mode = force_custom_plan;

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
                    WHERE p.oid = to_regprocedure(fn)
                      AND p.proconfig = ARRAY['search_path=""', 'plan_cache_mode=force_custom_plan']) THEN
      RAISE EXCEPTION '053 post-check failed: % does not force custom plans', fn;
    END IF;
    IF has_function_privilege('anon', fn, 'EXECUTE')
       OR has_function_privilege('authenticated', fn, 'EXECUTE')
       OR NOT has_function_privilege('service_role', fn, 'EXECUTE') THEN
      RAISE EXCEPTION '053 post-check failed: % must be executable by service_role only', fn;
    END IF;
  END LOOP;
END $$;

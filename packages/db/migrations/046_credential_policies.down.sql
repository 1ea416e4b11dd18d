-- 046_credential_policies.down.sql
-- Purpose: undo 046: drop credential_resolution_decisions and credential_policy_history (the
--   history and the decision log are lost), the triggers of credential_policies and the four
--   functions, the columns version, fallback_when_invalid and allowed_scopes, and restore
--   014's resolution order check. Roll the application back first.
-- Pre-check: 046 is applied (credential_policy_history exists).
-- Post-check: the tables, triggers, functions and columns are gone; 014's order check is back.
-- Failure handling: the runner's transaction rolls back and nothing changes; fix and re-run.

DO $$
BEGIN
  IF to_regclass('public.credential_policy_history') IS NULL
     OR to_regclass('public.credential_resolution_decisions') IS NULL THEN
    RAISE EXCEPTION '046 down pre-check failed: 046 is not applied';
  END IF;
END $$;

DROP TABLE public.credential_resolution_decisions;
DROP TABLE public.credential_policy_history;
DROP TRIGGER credential_policies_set_version ON public.credential_policies;
DROP TRIGGER credential_policies_check_fallback ON public.credential_policies;
DROP TRIGGER credential_policies_record_history ON public.credential_policies;
DROP FUNCTION shell.set_credential_policy_version();
DROP FUNCTION shell.check_credential_policy_fallback();
DROP FUNCTION shell.record_credential_policy_history();
DROP FUNCTION shell.refuse_credential_record_update();

ALTER TABLE public.credential_policies
  DROP CONSTRAINT credential_policies_fallback_when_invalid_check,
  DROP COLUMN version,
  DROP COLUMN fallback_when_invalid,
  DROP COLUMN allowed_scopes,
  DROP CONSTRAINT credential_policies_resolution_order_json_check,
  ADD CONSTRAINT credential_policies_resolution_order_json_check CHECK (
    jsonb_typeof(resolution_order_json) = 'array'
    AND jsonb_array_length(resolution_order_json) BETWEEN 1 AND 3
    AND resolution_order_json <@ '["business", "agency", "super"]'::jsonb);

DO $$
BEGIN
  IF to_regclass('public.credential_policy_history') IS NOT NULL
     OR to_regclass('public.credential_resolution_decisions') IS NOT NULL
     OR to_regprocedure('shell.record_credential_policy_history()') IS NOT NULL
     OR to_regprocedure('shell.check_credential_policy_fallback()') IS NOT NULL
     OR to_regprocedure('shell.set_credential_policy_version()') IS NOT NULL
     OR to_regprocedure('shell.refuse_credential_record_update()') IS NOT NULL
     OR EXISTS (SELECT 1 FROM information_schema.columns
                 WHERE table_schema = 'public' AND table_name = 'credential_policies'
                   AND column_name IN ('version', 'fallback_when_invalid', 'allowed_scopes')) THEN
    RAISE EXCEPTION '046 down post-check failed: something of 046 is still there';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint
                  WHERE conrelid = 'public.credential_policies'::regclass
                    AND conname = 'credential_policies_resolution_order_json_check'
                    AND pg_catalog.pg_get_constraintdef(oid) LIKE '%jsonb_array_length%') THEN
    RAISE EXCEPTION '046 down post-check failed: 014''s resolution order check is not back';
  END IF;
END $$;

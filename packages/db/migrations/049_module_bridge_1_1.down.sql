-- 049_module_bridge_1_1.down.sql
-- Purpose: undo 049: remove the contract row `module-bridge` 1.1.0 (1.0.0 stays).
-- Pre-check: 049 is applied (the row exists).
-- Post-check: the row is gone.
-- Failure handling: the runner's transaction rolls back; fix and re-run.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM public.sdk_contract_versions
                  WHERE contract_name = 'module-bridge' AND semver = '1.1.0') THEN
    RAISE EXCEPTION '049 down pre-check failed: module-bridge 1.1.0 is missing (049 not applied?)';
  END IF;
END $$;

DELETE FROM public.sdk_contract_versions WHERE contract_name = 'module-bridge' AND semver = '1.1.0';

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM public.sdk_contract_versions
              WHERE contract_name = 'module-bridge' AND semver = '1.1.0') THEN
    RAISE EXCEPTION '049 down post-check failed: module-bridge 1.1.0 is still there';
  END IF;
END $$;

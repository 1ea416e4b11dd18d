-- 026_error_envelope_service_unavailable.down.sql
-- Purpose: undo 026: remove error-envelope 1.2.0 (1.0.0 and 1.1.0 stay as they are). Roll the
--   application back first: it answers SERVICE_UNAVAILABLE, which 1.1.0 does not list.
-- Pre-check: 026 is applied (error-envelope 1.2.0 exists).
-- Post-check: no error-envelope 1.2.0.
-- Failure handling: the runner's transaction rolls back and nothing changes; fix and re-run.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM public.sdk_contract_versions
                  WHERE contract_name = 'error-envelope' AND semver = '1.2.0') THEN
    RAISE EXCEPTION '026 down pre-check failed: 026 is not applied';
  END IF;
END $$;

DELETE FROM public.sdk_contract_versions WHERE contract_name = 'error-envelope' AND semver = '1.2.0';

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM public.sdk_contract_versions
              WHERE contract_name = 'error-envelope' AND semver = '1.2.0') THEN
    RAISE EXCEPTION '026 down post-check failed: error-envelope 1.2.0 is still there';
  END IF;
END $$;

-- 022_error_envelope_payload_too_large.down.sql
-- Purpose: undo 022: remove error-envelope 1.1.0 (1.0.0 stays as it is). Roll the
--   application back first: it answers PAYLOAD_TOO_LARGE, which 1.0.0 does not list.
-- Pre-check: 022 is applied (error-envelope 1.1.0 exists).
-- Post-check: no error-envelope 1.1.0.
-- Failure handling: the runner's transaction rolls back and nothing changes; fix and re-run.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM public.sdk_contract_versions
                  WHERE contract_name = 'error-envelope' AND semver = '1.1.0') THEN
    RAISE EXCEPTION '022 down pre-check failed: 022 is not applied';
  END IF;
END $$;

DELETE FROM public.sdk_contract_versions WHERE contract_name = 'error-envelope' AND semver = '1.1.0';

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM public.sdk_contract_versions
              WHERE contract_name = 'error-envelope' AND semver = '1.1.0') THEN
    RAISE EXCEPTION '022 down post-check failed: error-envelope 1.1.0 is still there';
  END IF;
END $$;

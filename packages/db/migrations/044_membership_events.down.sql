-- 044_membership_events.down.sql
-- Purpose: undo 044: remove the contract rows `module-manifest` 1.4.0 and `shell-events` 1.1.0
--   (SDK contract version 1.4.0). Staging only; membership events already stored stay in
--   public.events.
-- Pre-check: 044 is applied (both rows exist).
-- Post-check: neither row is left.
-- Failure handling: the runner's transaction rolls back; fix and re-run.

DO $$
BEGIN
  IF (SELECT count(*) FROM public.sdk_contract_versions
       WHERE (contract_name, semver) IN (('module-manifest', '1.4.0'),
                                         ('shell-events', '1.1.0'))) <> 2 THEN
    RAISE EXCEPTION '044 down pre-check failed: a contract row of 044 is missing (044 not applied?)';
  END IF;
END $$;

DELETE FROM public.sdk_contract_versions
 WHERE (contract_name, semver) IN (('module-manifest', '1.4.0'), ('shell-events', '1.1.0'));

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM public.sdk_contract_versions
              WHERE (contract_name, semver) IN (('module-manifest', '1.4.0'),
                                                ('shell-events', '1.1.0'))) THEN
    RAISE EXCEPTION '044 down post-check failed: a contract row of 044 is still there';
  END IF;
END $$;

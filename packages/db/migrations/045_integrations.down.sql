-- 045_integrations.down.sql
-- Purpose: undo 045: drop integration_provider_configs, integration_oauth_states, the
--   secret-write trigger and its function, the backend columns of integration_connections
--   (their sealed credentials are lost), restore 008's statuses (initiated -> pending, revoked
--   -> disconnected), default and check, 012's table-wide SELECT grant, and remove
--   error-envelope 1.3.0. Roll the application back first: it writes the new statuses and
--   answers INTEGRATION_OAUTH_STATE_INVALID. `last_error` values rewritten to `legacy_error`
--   stay so.
-- Pre-check: 046 is undone (credential_policy_history absent) and 045 is applied.
-- Post-check: the tables, columns, trigger, function and error-envelope 1.3.0 are gone; the
--   statuses are 008's; authenticated reads integration_connections by a table-wide grant.
-- Failure handling: the runner's transaction rolls back and nothing changes; fix and re-run.

DO $$
BEGIN
  IF to_regclass('public.credential_policy_history') IS NOT NULL
     OR to_regclass('public.credential_resolution_decisions') IS NOT NULL THEN
    RAISE EXCEPTION '045 down pre-check failed: 046 is applied; undo it first';
  END IF;
  IF to_regclass('public.integration_oauth_states') IS NULL
     OR to_regclass('public.integration_provider_configs') IS NULL THEN
    RAISE EXCEPTION '045 down pre-check failed: 045 is not applied';
  END IF;
END $$;

DELETE FROM public.sdk_contract_versions WHERE contract_name = 'error-envelope' AND semver = '1.3.0';

DROP TABLE public.integration_oauth_states;
DROP TABLE public.integration_provider_configs;
DROP TRIGGER integration_connections_refuse_secret_write ON public.integration_connections;
DROP FUNCTION shell.refuse_integration_secret_write();

-- 012's grant: SELECT on the whole table (the table-wide REVOKE also removes 045's column grants).
REVOKE SELECT ON public.integration_connections FROM authenticated;
GRANT SELECT ON public.integration_connections TO authenticated;

DROP INDEX public.integration_connections_refresh_idx;
ALTER TABLE public.integration_connections
  DROP CONSTRAINT integration_connections_last_error_check,
  DROP CONSTRAINT integration_connections_status_check,
  DROP COLUMN backend,
  DROP COLUMN provider_connection_id,
  DROP COLUMN sealed_secret,
  DROP COLUMN credential_expires_at,
  DROP COLUMN status_checked_at,
  DROP COLUMN revoked_at,
  DROP COLUMN revoked_by_user_id,
  ALTER COLUMN status SET DEFAULT 'pending';
UPDATE public.integration_connections
   SET status = CASE status WHEN 'initiated' THEN 'pending' WHEN 'revoked' THEN 'disconnected' ELSE status END
 WHERE status IN ('initiated', 'revoked');
ALTER TABLE public.integration_connections
  ADD CONSTRAINT integration_connections_status_check
    CHECK (status IN ('pending', 'active', 'expired', 'failed', 'disconnected'));
COMMENT ON COLUMN public.integration_connections.secret_ref IS NULL;

DO $$
BEGIN
  IF to_regclass('public.integration_oauth_states') IS NOT NULL
     OR to_regclass('public.integration_provider_configs') IS NOT NULL
     OR to_regprocedure('shell.refuse_integration_secret_write()') IS NOT NULL
     OR EXISTS (SELECT 1 FROM information_schema.columns
                 WHERE table_schema = 'public' AND table_name = 'integration_connections'
                   AND column_name IN ('backend', 'sealed_secret', 'provider_connection_id'))
     OR EXISTS (SELECT 1 FROM public.sdk_contract_versions
                 WHERE contract_name = 'error-envelope' AND semver = '1.3.0') THEN
    RAISE EXCEPTION '045 down post-check failed: something of 045 is still there';
  END IF;
  IF EXISTS (SELECT 1 FROM public.integration_connections
              WHERE status NOT IN ('pending', 'active', 'expired', 'failed', 'disconnected'))
     OR NOT has_table_privilege('authenticated', 'public.integration_connections', 'SELECT') THEN
    RAISE EXCEPTION '045 down post-check failed: statuses or the SELECT grant are not 008/012''s';
  END IF;
END $$;

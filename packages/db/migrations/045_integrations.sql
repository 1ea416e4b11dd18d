-- 045_integrations.sql
-- Purpose: the provider control plane of issue 13 (PRD §5, §12.2, §23.4, §25.4; docs/integrations.md):
--   * `integration_connections` follows the provider's states (Composio's connected accounts):
--     initiated, active, expired, failed, revoked (was pending, active, expired, failed,
--     disconnected: `pending` rows become `initiated`, `disconnected` rows `revoked`). New
--     columns: `backend` (who runs the OAuth flow and holds the tokens: composio),
--     `provider_connection_id` (the backend's connected-account id, unique per backend),
--     `sealed_secret` (the credential, sealed by @aiconnected/secrets with the row's identity as
--     associated data), `credential_expires_at`, `status_checked_at`, `revoked_at`,
--     `revoked_by_user_id`. `secret_ref` keeps its PRD meaning: where the secret lives
--     (`composio:<provider_connection_id>`), never the secret. `last_error` holds a code-like
--     reason (`provider_unavailable`, `provider_status:FAILED`), at most 500 characters, never a
--     provider's body (existing free-text values become `legacy_error`).
--   * Request code never reads `sealed_secret` (column grants: every other column) and never
--     writes `secret_ref`, `sealed_secret` or `provider_connection_id` (trigger
--     `shell.refuse_integration_secret_write`, 42501): the integrations package writes them
--     as service_role. A request that could set `provider_connection_id` could point its row at
--     another tenant's connected account and have the refresh job seal that account's token
--     into it.
--   * `integration_oauth_states`: the single-use OAuth `state` of a hosted connect flow, bound
--     to workspace, user, provider and connection; only its sha256 is stored; expires within 30
--     minutes (the code uses 10). Service only (RLS forced, no policy, no request privilege).
--   * `integration_provider_configs`: which providers may be connected and with which backend
--     auth config and scopes; global, read by every authenticated request (no secret in it),
--     written with platform `integrations.manage`.
--   * error-envelope 1.3.0: 1.2.0's schema with `INTEGRATION_OAUTH_STATE_INVALID` appended (a
--     minor change; 1.0.0-1.2.0 stay active, published versions are never rewritten).
-- Pre-check: 042 is applied; 045 is not (no `backend` column, no table of 045, no
--   error-envelope 1.3.0, and 1.2.0 does not list the new code).
-- Post-check: the statuses, columns, constraints, indexes, grants, trigger, the two tables with
--   forced RLS and their policies/privileges, and error-envelope 1.3.0 = 1.2.0 + the code.
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.
--   045_integrations.down.sql undoes it (staging only: provider configs, OAuth states and the
--   sealed credentials are lost; statuses map back).

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policies
                  WHERE schemaname = 'public' AND tablename = 'events'
                    AND policyname = 'events_select_events_manage') THEN
    RAISE EXCEPTION '045 pre-check failed: 042_event_bus_hardening is not applied';
  END IF;
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
              WHERE attrelid = 'public.integration_connections'::regclass
                AND attname = 'backend' AND NOT attisdropped)
     OR to_regclass('public.integration_oauth_states') IS NOT NULL
     OR to_regclass('public.integration_provider_configs') IS NOT NULL THEN
    RAISE EXCEPTION '045 pre-check failed: a column or table of 045 exists (045 already applied?)';
  END IF;
  IF EXISTS (SELECT 1 FROM public.sdk_contract_versions
              WHERE contract_name = 'error-envelope' AND semver = '1.3.0')
     OR NOT EXISTS (SELECT 1 FROM public.sdk_contract_versions
                     WHERE contract_name = 'error-envelope' AND semver = '1.2.0'
                       AND NOT (schema_json #> '{properties,error,properties,code,enum}') ? 'INTEGRATION_OAUTH_STATE_INVALID') THEN
    RAISE EXCEPTION '045 pre-check failed: error-envelope 1.3.0 exists, or 1.2.0 is missing or already lists INTEGRATION_OAUTH_STATE_INVALID';
  END IF;
END $$;

-- 1. integration_connections: the provider's states and the backend's columns.
ALTER TABLE public.integration_connections DROP CONSTRAINT integration_connections_status_check;
UPDATE public.integration_connections
   SET status = CASE status WHEN 'pending' THEN 'initiated' WHEN 'disconnected' THEN 'revoked' ELSE status END
 WHERE status IN ('pending', 'disconnected');
UPDATE public.integration_connections
   SET last_error = 'legacy_error'
 WHERE last_error IS NOT NULL
   AND NOT (last_error ~ '^[a-z][a-z0-9_]*(:[A-Za-z0-9_.:-]+)?$' AND length(last_error) <= 500);
ALTER TABLE public.integration_connections
  ALTER COLUMN status SET DEFAULT 'initiated',
  ADD CONSTRAINT integration_connections_status_check
    CHECK (status IN ('initiated', 'active', 'expired', 'failed', 'revoked')),
  -- Who runs the OAuth flow and holds the tokens.
  ADD COLUMN backend text NOT NULL DEFAULT 'composio',
  -- The backend's connected-account id (Composio `ca_...`).
  ADD COLUMN provider_connection_id text,
  -- The credential, a SealedSecret of @aiconnected/secrets; never readable by request code.
  ADD COLUMN sealed_secret jsonb,
  ADD COLUMN credential_expires_at timestamptz,
  ADD COLUMN status_checked_at timestamptz,
  ADD COLUMN revoked_at timestamptz,
  ADD COLUMN revoked_by_user_id uuid REFERENCES public.users (id) ON DELETE SET NULL,
  ADD CONSTRAINT integration_connections_backend_check CHECK (backend IN ('composio')),
  ADD CONSTRAINT integration_connections_provider_connection_id_check
    CHECK (provider_connection_id IS NULL OR length(provider_connection_id) BETWEEN 1 AND 255),
  ADD CONSTRAINT integration_connections_sealed_secret_check
    CHECK (sealed_secret IS NULL OR jsonb_typeof(sealed_secret) = 'object'),
  ADD CONSTRAINT integration_connections_last_error_check
    CHECK (last_error IS NULL
           OR (last_error ~ '^[a-z][a-z0-9_]*(:[A-Za-z0-9_.:-]+)?$' AND length(last_error) <= 500));
CREATE UNIQUE INDEX integration_connections_backend_provider_connection_id_key
  ON public.integration_connections (backend, provider_connection_id)
  WHERE provider_connection_id IS NOT NULL;
-- The status refresh job's pick: live rows, least recently checked first.
CREATE INDEX integration_connections_refresh_idx
  ON public.integration_connections (status, status_checked_at)
  WHERE status IN ('initiated', 'active');
COMMENT ON COLUMN public.integration_connections.secret_ref IS
  'Where the secret lives (composio:<provider_connection_id>), never the secret.';
COMMENT ON COLUMN public.integration_connections.sealed_secret IS
  'The credential sealed by @aiconnected/secrets (AAD: the row''s id, workspace, provider); service only.';

-- Never the sealed secret to request code (012 granted SELECT on every column).
REVOKE SELECT ON public.integration_connections FROM authenticated;
GRANT SELECT (id, workspace_id, provider_key, provider_account_ref, status, secret_ref, scopes_json,
              display_name, last_error, connected_at, created_by_user_id, created_at, updated_at,
              backend, provider_connection_id, credential_expires_at, status_checked_at,
              revoked_at, revoked_by_user_id)
  ON public.integration_connections TO authenticated;

-- Not SECURITY DEFINER: it reads no table. The service (service_role) is not checked.
CREATE FUNCTION shell.refuse_integration_secret_write()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
  IF current_user = 'authenticated'
     AND (CASE WHEN TG_OP = 'INSERT'
               THEN NEW.secret_ref IS NOT NULL OR NEW.sealed_secret IS NOT NULL
                    OR NEW.provider_connection_id IS NOT NULL
               ELSE (NEW.secret_ref, NEW.sealed_secret, NEW.provider_connection_id)
                    IS DISTINCT FROM (OLD.secret_ref, OLD.sealed_secret, OLD.provider_connection_id)
          END) THEN
    RAISE EXCEPTION 'integration connection %: secret_ref, sealed_secret and provider_connection_id are written by the service only', NEW.id
      USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END;
$$;
COMMENT ON FUNCTION shell.refuse_integration_secret_write() IS
  'Trigger: request code never writes an integration connection''s secret_ref, sealed_secret or provider_connection_id.';
REVOKE ALL ON FUNCTION shell.refuse_integration_secret_write() FROM PUBLIC, anon;

CREATE TRIGGER integration_connections_refuse_secret_write
  BEFORE INSERT OR UPDATE ON public.integration_connections
  FOR EACH ROW EXECUTE FUNCTION shell.refuse_integration_secret_write();

-- 2. The single-use OAuth state of a hosted connect flow.
CREATE TABLE public.integration_oauth_states (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- sha256 of the 32-byte random token sent as `state`; the token itself is never stored.
  state_hash bytea NOT NULL,
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
  backend text NOT NULL,
  provider_key text NOT NULL,
  connection_id uuid NOT NULL REFERENCES public.integration_connections (id) ON DELETE CASCADE,
  -- Where the browser returns: a path on this site only.
  return_path text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  consumed_at timestamptz,
  CONSTRAINT integration_oauth_states_state_hash_key UNIQUE (state_hash),
  CONSTRAINT integration_oauth_states_state_hash_check CHECK (length(state_hash) = 32),
  CONSTRAINT integration_oauth_states_backend_check CHECK (backend IN ('composio')),
  CONSTRAINT integration_oauth_states_provider_key_check
    CHECK (provider_key ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' AND length(provider_key) <= 64),
  CONSTRAINT integration_oauth_states_return_path_check
    CHECK (return_path ~ '^/([^/\\]|$)' AND length(return_path) <= 512),
  CONSTRAINT integration_oauth_states_expires_at_check
    CHECK (expires_at > created_at AND expires_at <= created_at + interval '30 minutes'),
  CONSTRAINT integration_oauth_states_consumed_at_check
    CHECK (consumed_at IS NULL OR consumed_at >= created_at)
);
CREATE INDEX integration_oauth_states_expires_at_idx ON public.integration_oauth_states (expires_at);
CREATE INDEX integration_oauth_states_connection_id_idx ON public.integration_oauth_states (connection_id);
COMMENT ON TABLE public.integration_oauth_states IS
  'Single-use OAuth states (sha256 only) of hosted connect flows; service only; pruned after a day.';

-- 3. The providers a workspace may connect (global; no secret in it).
CREATE TABLE public.integration_provider_configs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Looked up and upserted by provider_key (ON CONFLICT (provider_key)).
  provider_key text NOT NULL,
  backend text NOT NULL DEFAULT 'composio',
  -- The backend's auth config (Composio `ac_...`): which OAuth app and scopes it uses.
  auth_config_ref text NOT NULL,
  display_name text NOT NULL,
  available_scopes jsonb NOT NULL DEFAULT '[]'::jsonb,
  enabled boolean NOT NULL DEFAULT true,
  updated_by_user_id uuid REFERENCES public.users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT integration_provider_configs_provider_key_key UNIQUE (provider_key),
  CONSTRAINT integration_provider_configs_provider_key_check
    CHECK (provider_key ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' AND length(provider_key) <= 64),
  CONSTRAINT integration_provider_configs_backend_check CHECK (backend IN ('composio')),
  CONSTRAINT integration_provider_configs_auth_config_ref_check
    CHECK (length(auth_config_ref) BETWEEN 1 AND 255),
  CONSTRAINT integration_provider_configs_display_name_check
    CHECK (length(display_name) BETWEEN 1 AND 120),
  CONSTRAINT integration_provider_configs_available_scopes_check
    CHECK (jsonb_typeof(available_scopes) = 'array'
           AND NOT jsonb_path_exists(available_scopes, '$[*] ? (@.type() != "string")'))
);
COMMENT ON TABLE public.integration_provider_configs IS
  'Providers workspaces may connect, their backend auth config and scopes; written with platform integrations.manage.';
CREATE TRIGGER integration_provider_configs_set_updated_at
  BEFORE UPDATE ON public.integration_provider_configs
  FOR EACH ROW EXECUTE FUNCTION shell.set_updated_at();

-- RLS and privileges.
ALTER TABLE public.integration_oauth_states ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.integration_oauth_states FORCE ROW LEVEL SECURITY;
ALTER TABLE public.integration_provider_configs ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.integration_provider_configs FORCE ROW LEVEL SECURITY;
REVOKE ALL ON public.integration_oauth_states, public.integration_provider_configs
  FROM PUBLIC, anon, authenticated;
GRANT ALL ON public.integration_oauth_states, public.integration_provider_configs TO service_role;
GRANT SELECT, INSERT, UPDATE, DELETE ON public.integration_provider_configs TO authenticated;

CREATE POLICY integration_provider_configs_select_all ON public.integration_provider_configs
  FOR SELECT TO authenticated
  USING (true);
CREATE POLICY integration_provider_configs_insert_platform ON public.integration_provider_configs
  FOR INSERT TO authenticated
  WITH CHECK ((SELECT shell.has_platform_permission('integrations.manage')));
CREATE POLICY integration_provider_configs_update_platform ON public.integration_provider_configs
  FOR UPDATE TO authenticated
  USING ((SELECT shell.has_platform_permission('integrations.manage')))
  WITH CHECK ((SELECT shell.has_platform_permission('integrations.manage')));
CREATE POLICY integration_provider_configs_delete_platform ON public.integration_provider_configs
  FOR DELETE TO authenticated
  USING ((SELECT shell.has_platform_permission('integrations.manage')));

-- 4. error-envelope 1.3.0: 1.2.0 with INTEGRATION_OAUTH_STATE_INVALID appended.
INSERT INTO public.sdk_contract_versions (contract_name, semver, status, schema_json, published_at)
SELECT 'error-envelope', '1.3.0', 'active',
       jsonb_set(
         jsonb_set(
           jsonb_set(schema_json, '{$id}', to_jsonb('urn:aiconnected:sdk-contract:error-envelope:1.3.0'::text)),
           '{properties,error,properties,code,enum}',
           (schema_json #> '{properties,error,properties,code,enum}') || '["INTEGRATION_OAUTH_STATE_INVALID"]'::jsonb),
         '{properties,error,properties,code,description}',
         to_jsonb('Stable error code; never renamed or removed (PRD §20.2, plus ROUTE_PERMISSION_CONFIG_ERROR, NOT_FOUND, PAYLOAD_TOO_LARGE, SERVICE_UNAVAILABLE and INTEGRATION_OAUTH_STATE_INVALID).'::text)),
       now()
  FROM public.sdk_contract_versions
 WHERE contract_name = 'error-envelope' AND semver = '1.2.0';

DO $$
DECLARE
  old_codes jsonb;
  new_codes jsonb;
BEGIN
  IF EXISTS (SELECT 1 FROM public.integration_connections
              WHERE status NOT IN ('initiated', 'active', 'expired', 'failed', 'revoked'))
     OR (SELECT count(*) FROM information_schema.columns
          WHERE table_schema = 'public' AND table_name = 'integration_connections'
            AND column_name IN ('backend', 'provider_connection_id', 'sealed_secret', 'credential_expires_at',
                                'status_checked_at', 'revoked_at', 'revoked_by_user_id')) <> 7
     OR (SELECT column_default FROM information_schema.columns
          WHERE table_schema = 'public' AND table_name = 'integration_connections'
            AND column_name = 'status') IS DISTINCT FROM '''initiated''::text' THEN
    RAISE EXCEPTION '045 post-check failed: integration_connections statuses, default or columns are not as expected';
  END IF;
  IF to_regclass('public.integration_connections_backend_provider_connection_id_key') IS NULL
     OR to_regclass('public.integration_connections_refresh_idx') IS NULL
     OR to_regclass('public.integration_oauth_states_expires_at_idx') IS NULL THEN
    RAISE EXCEPTION '045 post-check failed: an index of 045 is missing';
  END IF;
  IF has_column_privilege('authenticated', 'public.integration_connections', 'sealed_secret', 'SELECT')
     OR NOT has_column_privilege('authenticated', 'public.integration_connections', 'status', 'SELECT')
     OR has_table_privilege('authenticated', 'public.integration_oauth_states', 'SELECT, INSERT, UPDATE, DELETE')
     OR has_table_privilege('anon', 'public.integration_oauth_states', 'SELECT')
     OR has_table_privilege('anon', 'public.integration_provider_configs', 'SELECT')
     OR NOT has_table_privilege('authenticated', 'public.integration_provider_configs', 'SELECT') THEN
    RAISE EXCEPTION '045 post-check failed: request roles may read the sealed secret or the OAuth states';
  END IF;
  IF (SELECT count(*) FROM pg_catalog.pg_class
       WHERE oid IN ('public.integration_oauth_states'::regclass, 'public.integration_provider_configs'::regclass)
         AND relrowsecurity AND relforcerowsecurity) <> 2
     OR EXISTS (SELECT 1 FROM pg_catalog.pg_policies
                 WHERE schemaname = 'public' AND tablename = 'integration_oauth_states')
     OR (SELECT count(*) FROM pg_catalog.pg_policies
          WHERE schemaname = 'public' AND tablename = 'integration_provider_configs') <> 4 THEN
    RAISE EXCEPTION '045 post-check failed: RLS or the policies of the new tables are not as expected';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger
                  WHERE tgrelid = 'public.integration_connections'::regclass
                    AND tgname = 'integration_connections_refuse_secret_write' AND NOT tgisinternal)
     OR EXISTS (SELECT 1 FROM pg_catalog.pg_proc
                 WHERE oid = 'shell.refuse_integration_secret_write()'::regprocedure
                   AND (prosecdef OR proconfig IS DISTINCT FROM ARRAY['search_path=""'])) THEN
    RAISE EXCEPTION '045 post-check failed: the secret-write trigger is not as expected';
  END IF;
  SELECT schema_json #> '{properties,error,properties,code,enum}' INTO old_codes
    FROM public.sdk_contract_versions WHERE contract_name = 'error-envelope' AND semver = '1.2.0';
  SELECT schema_json #> '{properties,error,properties,code,enum}' INTO new_codes
    FROM public.sdk_contract_versions WHERE contract_name = 'error-envelope' AND semver = '1.3.0';
  IF new_codes IS DISTINCT FROM old_codes || '["INTEGRATION_OAUTH_STATE_INVALID"]'::jsonb
     OR NOT EXISTS (SELECT 1 FROM public.sdk_contract_versions
                     WHERE contract_name = 'error-envelope' AND semver = '1.3.0' AND status = 'active') THEN
    RAISE EXCEPTION '045 post-check failed: error-envelope 1.3.0 is not active or its codes are not 1.2.0''s plus INTEGRATION_OAUTH_STATE_INVALID';
  END IF;
END $$;

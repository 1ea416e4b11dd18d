-- 008_integration_connections.sql
-- Purpose: `integration_connections`, the workspace-scoped provider connection records of the
--   shell's integration control plane (PRD §5, §11, §12.2, §23.4; Composio-ready). Secrets are
--   never stored here: `secret_ref` names where the encrypted secret lives (PRD §25.4).
-- Pre-check: 007 is applied; the table does not exist.
-- Post-check: the table with its columns, unique constraint and index exists.
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.

DO $$
BEGIN
  IF to_regclass('public.events') IS NULL OR to_regclass('public.audit_logs') IS NULL THEN
    RAISE EXCEPTION '008 pre-check failed: 007_events_audit is not applied';
  END IF;
  IF to_regclass('public.integration_connections') IS NOT NULL THEN
    RAISE EXCEPTION '008 pre-check failed: public.integration_connections already exists';
  END IF;
END $$;

CREATE TABLE public.integration_connections (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id) ON DELETE RESTRICT,
  -- The provider (composio, ...): lower-kebab.
  provider_key text NOT NULL,
  -- The provider-side account or connected-account id this record maps to.
  provider_account_ref text NOT NULL,
  status text NOT NULL DEFAULT 'pending',
  -- A reference to the encrypted secret (vault key), never the secret itself.
  secret_ref text,
  scopes_json jsonb NOT NULL DEFAULT '[]'::jsonb,
  display_name text,
  last_error text,
  connected_at timestamptz,
  created_by_user_id uuid REFERENCES public.users (id) ON DELETE RESTRICT,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT integration_connections_workspace_provider_account_key
    UNIQUE (workspace_id, provider_key, provider_account_ref),
  CONSTRAINT integration_connections_provider_key_check
    CHECK (provider_key ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' AND length(provider_key) <= 64),
  CONSTRAINT integration_connections_provider_account_ref_check CHECK (length(provider_account_ref) BETWEEN 1 AND 255),
  CONSTRAINT integration_connections_status_check
    CHECK (status IN ('pending', 'active', 'expired', 'failed', 'disconnected')),
  CONSTRAINT integration_connections_secret_ref_check CHECK (secret_ref IS NULL OR length(secret_ref) BETWEEN 1 AND 512),
  CONSTRAINT integration_connections_scopes_json_check CHECK (jsonb_typeof(scopes_json) = 'array'),
  CONSTRAINT integration_connections_display_name_check CHECK (display_name IS NULL OR length(display_name) <= 200)
);
CREATE INDEX integration_connections_workspace_id_provider_key_status_idx
  ON public.integration_connections (workspace_id, provider_key, status);
COMMENT ON TABLE public.integration_connections IS
  'Workspace-scoped integration provider connections (PRD §23.4); secrets by reference only.';

CREATE TRIGGER integration_connections_set_updated_at
  BEFORE UPDATE ON public.integration_connections
  FOR EACH ROW EXECUTE FUNCTION shell.set_updated_at();

DO $$
DECLARE
  missing text;
BEGIN
  SELECT string_agg(c, ', ') INTO missing
    FROM unnest(ARRAY['id', 'workspace_id', 'provider_key', 'provider_account_ref', 'status', 'secret_ref',
                      'scopes_json', 'display_name', 'last_error', 'connected_at', 'created_by_user_id',
                      'created_at', 'updated_at']) AS c
   WHERE to_regclass('public.integration_connections') IS NULL
      OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
                      WHERE attrelid = to_regclass('public.integration_connections') AND attname = c AND NOT attisdropped);
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION '008 post-check failed: public.integration_connections lacks columns %', missing;
  END IF;
  SELECT string_agg(i, ', ') INTO missing
    FROM unnest(ARRAY['integration_connections_workspace_provider_account_key',
                      'integration_connections_workspace_id_provider_key_status_idx']) AS i
   WHERE to_regclass('public.' || i) IS NULL;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION '008 post-check failed: missing indexes %', missing;
  END IF;
END $$;

-- 014_domains_branding_navigation_features.sql
-- Purpose: the white-label and governance extension tables (PRD §11, §12.2, §15.1, §23.5, §23.6):
--   * `workspace_domains`: custom hosts, pending -> verified | failed by DNS TXT token; a host
--     is stored lower-case and is globally unique across all workspaces (PRD §12.3).
--   * `branding_assets`: managed logo/login assets (signed upload, MIME/size check, scan);
--     at most one active asset per (workspace, asset_type), and only a clean asset is active.
--   * `workspace_feature_flags`: per-workspace feature toggles with the scope that set them.
--   * `navigation_profiles`: versioned sidebar configs per workspace, scope and role template
--     (null role_template = every role of that scope); the role must belong to that scope.
--   * `credential_policies`: credential resolution order and parent fallback per provider.
--   RLS, grants and policies for these tables come in 015 (forward-only), not here.
-- Pre-check: 013 is applied (seeded role templates exist); none of the five tables exists.
-- Post-check: the five tables with their columns, constraints and indexes exist.
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM public.roles WHERE code = 'business_user') THEN
    RAISE EXCEPTION '014 pre-check failed: 013_seed_role_templates is not applied';
  END IF;
  IF to_regclass('public.workspace_domains') IS NOT NULL OR to_regclass('public.branding_assets') IS NOT NULL
     OR to_regclass('public.workspace_feature_flags') IS NOT NULL OR to_regclass('public.navigation_profiles') IS NOT NULL
     OR to_regclass('public.credential_policies') IS NOT NULL THEN
    RAISE EXCEPTION '014 pre-check failed: a table of 014 already exists';
  END IF;
END $$;

CREATE TABLE public.workspace_domains (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id) ON DELETE RESTRICT,
  -- Lower-case host name; unique across every workspace.
  host text NOT NULL,
  status text NOT NULL DEFAULT 'pending',
  -- The proof-of-control token published in a DNS TXT record (PRD §25.3).
  verification_token text NOT NULL,
  verified_at timestamptz,
  last_checked_at timestamptz,
  created_by_user_id uuid REFERENCES public.users (id) ON DELETE RESTRICT,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT workspace_domains_host_key UNIQUE (host),
  CONSTRAINT workspace_domains_host_lower_check CHECK (host = lower(host)),
  CONSTRAINT workspace_domains_host_format_check CHECK (
    length(host) <= 253
    AND host ~ '^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$'),
  CONSTRAINT workspace_domains_status_check CHECK (status IN ('pending', 'verified', 'failed')),
  CONSTRAINT workspace_domains_verification_token_check CHECK (length(verification_token) BETWEEN 16 AND 256),
  CONSTRAINT workspace_domains_verified_at_check CHECK (status <> 'verified' OR verified_at IS NOT NULL)
);
CREATE INDEX workspace_domains_workspace_id_status_idx ON public.workspace_domains (workspace_id, status);
COMMENT ON TABLE public.workspace_domains IS 'Custom domains (PRD §15.1); hosts are lower-case and globally unique.';

CREATE TABLE public.branding_assets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id) ON DELETE RESTRICT,
  asset_type text NOT NULL,
  -- Object-storage key of the uploaded file (never an inline blob, PRD §15.1).
  storage_path text NOT NULL,
  mime_type text NOT NULL,
  size_bytes bigint NOT NULL,
  -- Malware/content scan hook result (PRD §25.3).
  scan_status text NOT NULL DEFAULT 'pending',
  active boolean NOT NULL DEFAULT false,
  -- Set when the signed, single-use upload URL was consumed.
  uploaded_at timestamptz,
  created_by_user_id uuid REFERENCES public.users (id) ON DELETE RESTRICT,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT branding_assets_storage_path_key UNIQUE (storage_path),
  CONSTRAINT branding_assets_asset_type_check
    CHECK (asset_type IN ('logo', 'logo_dark', 'favicon', 'login_logo', 'login_background')),
  CONSTRAINT branding_assets_storage_path_check CHECK (length(storage_path) BETWEEN 1 AND 1024),
  CONSTRAINT branding_assets_mime_type_check CHECK (mime_type ~ '^image/[a-z0-9.+-]+$' AND length(mime_type) <= 100),
  CONSTRAINT branding_assets_size_bytes_check CHECK (size_bytes > 0),
  CONSTRAINT branding_assets_scan_status_check CHECK (scan_status IN ('pending', 'clean', 'rejected')),
  CONSTRAINT branding_assets_active_clean_check CHECK (NOT active OR (scan_status = 'clean' AND uploaded_at IS NOT NULL))
);
CREATE UNIQUE INDEX branding_assets_one_active_per_type_key ON public.branding_assets (workspace_id, asset_type) WHERE active;
CREATE INDEX branding_assets_workspace_id_asset_type_idx ON public.branding_assets (workspace_id, asset_type);
COMMENT ON TABLE public.branding_assets IS 'Managed branding assets (PRD §15.1); one active asset per workspace and type.';

CREATE TABLE public.workspace_feature_flags (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id) ON DELETE RESTRICT,
  feature_key text NOT NULL,
  enabled boolean NOT NULL,
  -- The workspace level whose policy set this value (super baseline, agency or business override).
  source_scope text NOT NULL,
  -- Whether child workspaces may override this value (PRD §23.6 "only where policy permits").
  allow_child_override boolean NOT NULL DEFAULT true,
  -- Bumped on every change, so updates are versioned (PRD §25.2).
  version integer NOT NULL DEFAULT 1,
  updated_by_user_id uuid REFERENCES public.users (id) ON DELETE RESTRICT,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT workspace_feature_flags_workspace_id_feature_key_key UNIQUE (workspace_id, feature_key),
  CONSTRAINT workspace_feature_flags_feature_key_check
    CHECK (feature_key ~ '^[a-z][a-z0-9_-]*([.:][a-z0-9][a-z0-9_-]*)*$' AND length(feature_key) <= 128),
  CONSTRAINT workspace_feature_flags_source_scope_check CHECK (source_scope IN ('super', 'agency', 'business')),
  CONSTRAINT workspace_feature_flags_version_check CHECK (version >= 1)
);
CREATE INDEX workspace_feature_flags_workspace_id_enabled_idx ON public.workspace_feature_flags (workspace_id, enabled);
COMMENT ON TABLE public.workspace_feature_flags IS 'Workspace feature toggles (PRD §23.6); never bypass billing or permissions.';

CREATE TABLE public.navigation_profiles (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id) ON DELETE RESTRICT,
  -- The workspace level the profile applies to (an agency may define its businesses' sidebar).
  scope_type text NOT NULL,
  -- Null: every role template of scope_type.
  role_template text,
  config_json jsonb NOT NULL,
  version integer NOT NULL,
  created_by_user_id uuid REFERENCES public.users (id) ON DELETE RESTRICT,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT navigation_profiles_role_fkey FOREIGN KEY (role_template, scope_type)
    REFERENCES public.roles (code, scope_type) ON DELETE RESTRICT,
  -- NULLS NOT DISTINCT (PG15+): the all-roles profile is versioned like the others.
  CONSTRAINT navigation_profiles_workspace_scope_role_version_key
    UNIQUE NULLS NOT DISTINCT (workspace_id, scope_type, role_template, version),
  CONSTRAINT navigation_profiles_scope_type_check CHECK (scope_type IN ('super', 'agency', 'business')),
  CONSTRAINT navigation_profiles_config_json_check CHECK (jsonb_typeof(config_json) = 'object'),
  CONSTRAINT navigation_profiles_version_check CHECK (version >= 1)
);
CREATE INDEX navigation_profiles_workspace_scope_role_version_desc_idx
  ON public.navigation_profiles (workspace_id, scope_type, role_template, version DESC);
COMMENT ON TABLE public.navigation_profiles IS 'Versioned sidebar/navigation profiles (PRD §24, §25.2); latest version is current.';

CREATE TABLE public.credential_policies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id) ON DELETE RESTRICT,
  provider_key text NOT NULL,
  -- Levels tried in order; never crosses agency boundaries (PRD §12.3, §23.5).
  resolution_order_json jsonb NOT NULL DEFAULT '["business", "agency", "super"]'::jsonb,
  allow_parent_fallback boolean NOT NULL DEFAULT false,
  updated_by_user_id uuid REFERENCES public.users (id) ON DELETE RESTRICT,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT credential_policies_workspace_id_provider_key_key UNIQUE (workspace_id, provider_key),
  CONSTRAINT credential_policies_provider_key_check
    CHECK (provider_key ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' AND length(provider_key) <= 64),
  CONSTRAINT credential_policies_resolution_order_json_check CHECK (
    jsonb_typeof(resolution_order_json) = 'array'
    AND jsonb_array_length(resolution_order_json) BETWEEN 1 AND 3
    AND resolution_order_json <@ '["business", "agency", "super"]'::jsonb)
);
COMMENT ON TABLE public.credential_policies IS 'Credential resolution order and parent fallback per provider (PRD §23.5).';

CREATE TRIGGER workspace_domains_set_updated_at
  BEFORE UPDATE ON public.workspace_domains
  FOR EACH ROW EXECUTE FUNCTION shell.set_updated_at();
CREATE TRIGGER branding_assets_set_updated_at
  BEFORE UPDATE ON public.branding_assets
  FOR EACH ROW EXECUTE FUNCTION shell.set_updated_at();
CREATE TRIGGER workspace_feature_flags_set_updated_at
  BEFORE UPDATE ON public.workspace_feature_flags
  FOR EACH ROW EXECUTE FUNCTION shell.set_updated_at();
CREATE TRIGGER credential_policies_set_updated_at
  BEFORE UPDATE ON public.credential_policies
  FOR EACH ROW EXECUTE FUNCTION shell.set_updated_at();

DO $$
DECLARE
  spec jsonb := '{
    "workspace_domains": ["id", "workspace_id", "host", "status", "verification_token", "verified_at", "last_checked_at",
                          "created_by_user_id", "created_at", "updated_at"],
    "branding_assets": ["id", "workspace_id", "asset_type", "storage_path", "mime_type", "size_bytes", "scan_status",
                        "active", "uploaded_at", "created_by_user_id", "created_at", "updated_at"],
    "workspace_feature_flags": ["id", "workspace_id", "feature_key", "enabled", "source_scope", "allow_child_override",
                                "version", "updated_by_user_id", "created_at", "updated_at"],
    "navigation_profiles": ["id", "workspace_id", "scope_type", "role_template", "config_json", "version",
                            "created_by_user_id", "created_at"],
    "credential_policies": ["id", "workspace_id", "provider_key", "resolution_order_json", "allow_parent_fallback",
                            "updated_by_user_id", "created_at", "updated_at"]
  }';
  missing text;
BEGIN
  SELECT string_agg(t.key || '.' || c.value, ', ') INTO missing
    FROM jsonb_each(spec) AS t
    CROSS JOIN LATERAL jsonb_array_elements_text(t.value) AS c
   WHERE to_regclass('public.' || t.key) IS NULL
      OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
                      WHERE attrelid = to_regclass('public.' || t.key) AND attname = c.value AND NOT attisdropped);
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION '014 post-check failed: missing columns %', missing;
  END IF;
  SELECT string_agg(i, ', ') INTO missing
    FROM unnest(ARRAY['workspace_domains_host_key', 'workspace_domains_workspace_id_status_idx',
                      'branding_assets_one_active_per_type_key', 'branding_assets_workspace_id_asset_type_idx',
                      'workspace_feature_flags_workspace_id_feature_key_key', 'workspace_feature_flags_workspace_id_enabled_idx',
                      'navigation_profiles_workspace_scope_role_version_key',
                      'navigation_profiles_workspace_scope_role_version_desc_idx',
                      'credential_policies_workspace_id_provider_key_key']) AS i
   WHERE to_regclass('public.' || i) IS NULL;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION '014 post-check failed: missing indexes %', missing;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_index
                  WHERE indexrelid = 'public.branding_assets_one_active_per_type_key'::regclass
                    AND indisunique AND indpred IS NOT NULL) THEN
    RAISE EXCEPTION '014 post-check failed: branding_assets_one_active_per_type_key is not a partial unique index';
  END IF;
END $$;

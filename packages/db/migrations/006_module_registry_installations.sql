-- 006_module_registry_installations.sql
-- Purpose: module registration and per-workspace installation (PRD §11, §12.2, §17–19):
--   `module_registry` (global: one row per module key and version, with its manifest and
--   registry status draft -> registered | rejected) and `module_installations` (per
--   workspace: installed -> enabled <-> disabled -> uninstalled, plus its config).
-- Pre-check: 005 is applied; neither table exists.
-- Post-check: both tables with their columns, unique constraints and indexes exist.
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.

DO $$
BEGIN
  IF to_regclass('public.layout_versions') IS NULL THEN
    RAISE EXCEPTION '006 pre-check failed: 005_layouts is not applied';
  END IF;
  IF to_regclass('public.module_registry') IS NOT NULL OR to_regclass('public.module_installations') IS NOT NULL THEN
    RAISE EXCEPTION '006 pre-check failed: a table of 006 already exists';
  END IF;
END $$;

CREATE TABLE public.module_registry (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The manifest's id: lower-kebab, as in URLs, headers and token audiences.
  module_key text NOT NULL,
  version text NOT NULL,
  manifest_json jsonb NOT NULL,
  status text NOT NULL DEFAULT 'draft',
  -- import: an uploaded package or manifest; builder: a Layout Manager "Create New" draft.
  origin text NOT NULL DEFAULT 'import',
  -- The import assessment report (findings with code, path, severity, fix hint).
  assessment_json jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_by_user_id uuid REFERENCES public.users (id) ON DELETE RESTRICT,
  registered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT module_registry_module_key_version_key UNIQUE (module_key, version),
  CONSTRAINT module_registry_module_key_check
    CHECK (module_key ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' AND length(module_key) <= 64),
  CONSTRAINT module_registry_version_check CHECK (
    length(version) <= 256 AND
    version ~ '^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-((0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)(\.(0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*))*))?(\+([0-9a-zA-Z-]+(\.[0-9a-zA-Z-]+)*))?$'),
  CONSTRAINT module_registry_status_check CHECK (status IN ('draft', 'registered', 'rejected')),
  CONSTRAINT module_registry_origin_check CHECK (origin IN ('import', 'builder')),
  CONSTRAINT module_registry_manifest_json_check CHECK (jsonb_typeof(manifest_json) = 'object'),
  CONSTRAINT module_registry_assessment_json_check CHECK (jsonb_typeof(assessment_json) = 'object'),
  CONSTRAINT module_registry_registered_at_check CHECK (status <> 'registered' OR registered_at IS NOT NULL)
);
CREATE INDEX module_registry_module_key_status_idx ON public.module_registry (module_key, status);
COMMENT ON TABLE public.module_registry IS 'Global module registry (PRD §19): one row per module key and version.';

CREATE TABLE public.module_installations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id) ON DELETE RESTRICT,
  module_key text NOT NULL,
  -- The registered version installed; when set it must exist in the registry.
  module_version text,
  state text NOT NULL DEFAULT 'installed',
  config_json jsonb NOT NULL DEFAULT '{}'::jsonb,
  installed_by_user_id uuid REFERENCES public.users (id) ON DELETE RESTRICT,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT module_installations_workspace_id_module_key_key UNIQUE (workspace_id, module_key),
  CONSTRAINT module_installations_registry_fkey FOREIGN KEY (module_key, module_version)
    REFERENCES public.module_registry (module_key, version) ON DELETE RESTRICT,
  CONSTRAINT module_installations_module_key_check
    CHECK (module_key ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' AND length(module_key) <= 64),
  CONSTRAINT module_installations_state_check CHECK (state IN ('installed', 'enabled', 'disabled', 'uninstalled')),
  CONSTRAINT module_installations_config_json_check CHECK (jsonb_typeof(config_json) = 'object')
);
CREATE INDEX module_installations_workspace_id_state_idx ON public.module_installations (workspace_id, state);
CREATE INDEX module_installations_module_key_version_idx ON public.module_installations (module_key, module_version);
COMMENT ON TABLE public.module_installations IS 'Per-workspace module installation state (PRD §19, §23.6).';

CREATE TRIGGER module_registry_set_updated_at
  BEFORE UPDATE ON public.module_registry
  FOR EACH ROW EXECUTE FUNCTION shell.set_updated_at();

CREATE TRIGGER module_installations_set_updated_at
  BEFORE UPDATE ON public.module_installations
  FOR EACH ROW EXECUTE FUNCTION shell.set_updated_at();

DO $$
DECLARE
  spec jsonb := '{
    "module_registry": ["id", "module_key", "version", "manifest_json", "status", "origin", "assessment_json", "created_by_user_id", "registered_at", "created_at", "updated_at"],
    "module_installations": ["id", "workspace_id", "module_key", "module_version", "state", "config_json", "installed_by_user_id", "created_at", "updated_at"]
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
    RAISE EXCEPTION '006 post-check failed: missing columns %', missing;
  END IF;
  SELECT string_agg(i, ', ') INTO missing
    FROM unnest(ARRAY['module_registry_module_key_version_key', 'module_registry_module_key_status_idx',
                      'module_installations_workspace_id_module_key_key', 'module_installations_workspace_id_state_idx',
                      'module_installations_module_key_version_idx']) AS i
   WHERE to_regclass('public.' || i) IS NULL;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION '006 post-check failed: missing indexes %', missing;
  END IF;
END $$;

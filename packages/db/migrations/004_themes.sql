-- 004_themes.sql
-- Purpose: `public.themes`, the versioned theme token payloads of each workspace (PRD §11,
--   §12.2, §15). Every save is a new version (unique per workspace); the theme package
--   resolves super -> agency -> business from the latest version of each level.
-- Pre-check: 003 is applied; public.themes does not exist.
-- Post-check: public.themes with its columns, unique constraint and (workspace_id, version
--   desc) index exists.
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.

DO $$
BEGIN
  IF to_regclass('public.workspace_memberships') IS NULL OR to_regclass('public.roles') IS NULL THEN
    RAISE EXCEPTION '004 pre-check failed: 003_memberships_roles_permissions is not applied';
  END IF;
  IF to_regclass('public.themes') IS NOT NULL THEN
    RAISE EXCEPTION '004 pre-check failed: public.themes already exists';
  END IF;
END $$;

CREATE TABLE public.themes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id) ON DELETE RESTRICT,
  -- shadcn/TweakCN token names (light/dark, site-*), per-token locks; validated by packages/theme.
  token_payload jsonb NOT NULL,
  version integer NOT NULL,
  change_note text,
  created_by_user_id uuid REFERENCES public.users (id) ON DELETE RESTRICT,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT themes_workspace_id_version_key UNIQUE (workspace_id, version),
  CONSTRAINT themes_version_check CHECK (version >= 1),
  CONSTRAINT themes_token_payload_check CHECK (jsonb_typeof(token_payload) = 'object'),
  CONSTRAINT themes_change_note_check CHECK (change_note IS NULL OR length(change_note) <= 1000)
);
CREATE INDEX themes_workspace_id_version_desc_idx ON public.themes (workspace_id, version DESC);
COMMENT ON TABLE public.themes IS 'Versioned theme tokens per workspace (PRD §15); latest version is current.';

DO $$
DECLARE
  missing text;
BEGIN
  SELECT string_agg(c, ', ') INTO missing
    FROM unnest(ARRAY['id', 'workspace_id', 'token_payload', 'version', 'change_note', 'created_by_user_id', 'created_at']) AS c
   WHERE to_regclass('public.themes') IS NULL
      OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
                      WHERE attrelid = to_regclass('public.themes') AND attname = c AND NOT attisdropped);
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION '004 post-check failed: public.themes lacks columns %', missing;
  END IF;
  SELECT string_agg(i, ', ') INTO missing
    FROM unnest(ARRAY['themes_pkey', 'themes_workspace_id_version_key', 'themes_workspace_id_version_desc_idx']) AS i
   WHERE to_regclass('public.' || i) IS NULL;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION '004 post-check failed: missing indexes %', missing;
  END IF;
END $$;

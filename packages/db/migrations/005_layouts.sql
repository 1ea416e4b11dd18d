-- 005_layouts.sql
-- Purpose: Layout Manager persistence (PRD §11, §12.2, §16): `layout_definitions` (one per
--   workspace and surface, pointing at its current version) and `layout_versions` (immutable
--   Puck trees). Publishing and rollback insert new versions and move
--   `layout_definitions.current_version_id`; a trigger refuses every UPDATE, DELETE and
--   TRUNCATE of layout_versions (PRD §12.3). layout_versions carries `workspace_id`, tied to
--   its definition by a composite foreign key; current_version_id must be a version of the
--   same definition (composite foreign key as well).
-- Pre-check: 004 is applied; neither table exists.
-- Post-check: both tables with their columns, keys, indexes and triggers exist.
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.

DO $$
BEGIN
  IF to_regclass('public.themes') IS NULL THEN
    RAISE EXCEPTION '005 pre-check failed: 004_themes is not applied';
  END IF;
  IF to_regclass('public.layout_definitions') IS NOT NULL OR to_regclass('public.layout_versions') IS NOT NULL THEN
    RAISE EXCEPTION '005 pre-check failed: a table of 005 already exists';
  END IF;
END $$;

CREATE TABLE public.layout_definitions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id) ON DELETE RESTRICT,
  -- The shell surface the layout renders (e.g. dashboard.home, module:crm-lite/contacts).
  surface_key text NOT NULL,
  name text,
  current_version_id uuid,
  created_by_user_id uuid REFERENCES public.users (id) ON DELETE RESTRICT,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT layout_definitions_workspace_id_surface_key_key UNIQUE (workspace_id, surface_key),
  -- Target of layout_versions' composite foreign key.
  CONSTRAINT layout_definitions_id_workspace_id_key UNIQUE (id, workspace_id),
  CONSTRAINT layout_definitions_surface_key_check
    CHECK (surface_key ~ '^[A-Za-z0-9][A-Za-z0-9._:/-]*$' AND length(surface_key) <= 200),
  CONSTRAINT layout_definitions_name_check CHECK (name IS NULL OR length(btrim(name)) BETWEEN 1 AND 200)
);
COMMENT ON TABLE public.layout_definitions IS 'One layout per workspace surface (PRD §16); current_version_id is the live version.';

CREATE TABLE public.layout_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  layout_definition_id uuid NOT NULL,
  -- Copy of the definition's workspace for RLS; the composite FK keeps it equal.
  workspace_id uuid NOT NULL,
  version_num integer NOT NULL,
  -- Fixed at insert: a save makes a draft, a publish or rollback makes a published version.
  state text NOT NULL,
  -- The Puck editor data (@puckeditor/core).
  tree_json jsonb NOT NULL,
  note text,
  -- The version a publish or rollback copied (provenance), same definition.
  source_version_id uuid,
  created_by_user_id uuid REFERENCES public.users (id) ON DELETE RESTRICT,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT layout_versions_definition_fkey FOREIGN KEY (layout_definition_id, workspace_id)
    REFERENCES public.layout_definitions (id, workspace_id) ON DELETE RESTRICT,
  CONSTRAINT layout_versions_layout_definition_id_version_num_key UNIQUE (layout_definition_id, version_num),
  -- Target of the composite foreign keys that must stay within one definition.
  CONSTRAINT layout_versions_id_layout_definition_id_key UNIQUE (id, layout_definition_id),
  CONSTRAINT layout_versions_source_version_fkey FOREIGN KEY (source_version_id, layout_definition_id)
    REFERENCES public.layout_versions (id, layout_definition_id) ON DELETE RESTRICT,
  CONSTRAINT layout_versions_version_num_check CHECK (version_num >= 1),
  CONSTRAINT layout_versions_state_check CHECK (state IN ('draft', 'published')),
  CONSTRAINT layout_versions_tree_json_check CHECK (jsonb_typeof(tree_json) = 'object'),
  CONSTRAINT layout_versions_note_check CHECK (note IS NULL OR length(note) <= 1000)
);
CREATE INDEX layout_versions_layout_definition_id_state_idx ON public.layout_versions (layout_definition_id, state);
CREATE INDEX layout_versions_workspace_id_idx ON public.layout_versions (workspace_id);
COMMENT ON TABLE public.layout_versions IS 'Immutable layout versions (PRD §12.3); never updated or deleted.';

ALTER TABLE public.layout_definitions
  ADD CONSTRAINT layout_definitions_current_version_fkey FOREIGN KEY (current_version_id, id)
  REFERENCES public.layout_versions (id, layout_definition_id) ON DELETE RESTRICT;

CREATE FUNCTION shell.refuse_truncate()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
  RAISE EXCEPTION '%.% is append-only: TRUNCATE is not allowed', TG_TABLE_SCHEMA, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
COMMENT ON FUNCTION shell.refuse_truncate() IS 'Statement trigger: refuses TRUNCATE of append-only and immutable tables.';
REVOKE ALL ON FUNCTION shell.refuse_truncate() FROM PUBLIC;

CREATE FUNCTION shell.protect_layout_versions()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
  RAISE EXCEPTION 'layout version % is immutable: % is not allowed; publish or roll back by inserting a new version',
    OLD.id, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
COMMENT ON FUNCTION shell.protect_layout_versions() IS 'Trigger: layout_versions rows are never updated or deleted (PRD §12.3).';
REVOKE ALL ON FUNCTION shell.protect_layout_versions() FROM PUBLIC;

CREATE TRIGGER layout_versions_immutable
  BEFORE UPDATE OR DELETE ON public.layout_versions
  FOR EACH ROW EXECUTE FUNCTION shell.protect_layout_versions();

CREATE TRIGGER layout_versions_refuse_truncate
  BEFORE TRUNCATE ON public.layout_versions
  FOR EACH STATEMENT EXECUTE FUNCTION shell.refuse_truncate();

CREATE TRIGGER layout_definitions_set_updated_at
  BEFORE UPDATE ON public.layout_definitions
  FOR EACH ROW EXECUTE FUNCTION shell.set_updated_at();

DO $$
DECLARE
  spec jsonb := '{
    "layout_definitions": ["id", "workspace_id", "surface_key", "name", "current_version_id", "created_by_user_id", "created_at", "updated_at"],
    "layout_versions": ["id", "layout_definition_id", "workspace_id", "version_num", "state", "tree_json", "note", "source_version_id", "created_by_user_id", "created_at"]
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
    RAISE EXCEPTION '005 post-check failed: missing columns %', missing;
  END IF;
  SELECT string_agg(i, ', ') INTO missing
    FROM unnest(ARRAY['layout_definitions_workspace_id_surface_key_key', 'layout_definitions_id_workspace_id_key',
                      'layout_versions_layout_definition_id_version_num_key', 'layout_versions_id_layout_definition_id_key',
                      'layout_versions_layout_definition_id_state_idx', 'layout_versions_workspace_id_idx']) AS i
   WHERE to_regclass('public.' || i) IS NULL;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION '005 post-check failed: missing indexes %', missing;
  END IF;
  SELECT string_agg(c, ', ') INTO missing
    FROM unnest(ARRAY['layout_versions_definition_fkey', 'layout_versions_source_version_fkey',
                      'layout_definitions_current_version_fkey']) AS c
   WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conname = c AND contype = 'f');
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION '005 post-check failed: missing foreign keys %', missing;
  END IF;
  SELECT string_agg(t, ', ') INTO missing
    FROM unnest(ARRAY['layout_versions_immutable', 'layout_versions_refuse_truncate', 'layout_definitions_set_updated_at']) AS t
   WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger WHERE tgname = t AND NOT tgisinternal);
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION '005 post-check failed: missing triggers %', missing;
  END IF;
END $$;

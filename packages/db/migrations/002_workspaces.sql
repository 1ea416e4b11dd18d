-- 002_workspaces.sql
-- Purpose: the tenant tree (PRD §6, §11, §12.2; docs/tenancy-and-rls.md "The tenant tree"):
--   `public.workspaces` (super -> agency -> business) and the trigger
--   `shell.check_workspace_parent()` that enforces the tree on insert and on every change of
--   type or parent: a super workspace has no parent, an agency's parent is the super
--   workspace, a business's parent is an agency, and no change may leave an existing child
--   under a parent of the wrong type. At most one super workspace exists (partial unique index).
-- Pre-check: 001 is applied (public.users, schema shell); public.workspaces does not exist.
-- Post-check: public.workspaces with its columns, indexes and triggers, and the trigger
--   function, exist.
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.

DO $$
BEGIN
  IF to_regclass('public.users') IS NULL OR to_regprocedure('shell.set_updated_at()') IS NULL THEN
    RAISE EXCEPTION '002 pre-check failed: 001_identities is not applied';
  END IF;
  IF to_regclass('public.workspaces') IS NOT NULL THEN
    RAISE EXCEPTION '002 pre-check failed: public.workspaces already exists';
  END IF;
END $$;

CREATE TABLE public.workspaces (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  type text NOT NULL,
  parent_workspace_id uuid REFERENCES public.workspaces (id) ON DELETE RESTRICT,
  name text NOT NULL,
  -- Optional URL handle (/w/{slug}); lower-kebab, globally unique when set.
  slug text,
  status text NOT NULL DEFAULT 'active',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT workspaces_slug_key UNIQUE (slug),
  CONSTRAINT workspaces_type_check CHECK (type IN ('super', 'agency', 'business')),
  CONSTRAINT workspaces_status_check CHECK (status IN ('active', 'suspended', 'archived')),
  -- The cheap half of the tree rule; the trigger checks the parent's type.
  CONSTRAINT workspaces_parent_presence_check CHECK ((type = 'super') = (parent_workspace_id IS NULL)),
  CONSTRAINT workspaces_name_check CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  CONSTRAINT workspaces_slug_check CHECK (slug IS NULL OR (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 63))
);
COMMENT ON TABLE public.workspaces IS 'Tenant tree (PRD §6): one super workspace, agencies under it, businesses under agencies.';

CREATE UNIQUE INDEX workspaces_single_super_key ON public.workspaces (type) WHERE type = 'super';
CREATE INDEX workspaces_parent_workspace_id_type_idx ON public.workspaces (parent_workspace_id, type);

-- Threat note (SECURITY DEFINER): runs as the migration owner so it sees every workspace
-- whatever the caller's RLS scope; otherwise a caller could hide a child from the check.
-- It reads only workspaces by id/parent, takes no arguments and writes nothing.
CREATE FUNCTION shell.check_workspace_parent()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
  parent_type text;
  child record;
BEGIN
  IF NEW.type = 'super' THEN
    IF NEW.parent_workspace_id IS NOT NULL THEN
      RAISE EXCEPTION 'workspace %: a super workspace cannot have a parent', NEW.id
        USING ERRCODE = 'check_violation';
    END IF;
  ELSE
    IF NEW.parent_workspace_id IS NULL THEN
      RAISE EXCEPTION 'workspace %: % workspaces need a parent workspace', NEW.id, NEW.type
        USING ERRCODE = 'check_violation';
    END IF;
    -- FOR SHARE: a concurrent change of the parent's type waits for us (and vice versa).
    SELECT w.type INTO parent_type
      FROM public.workspaces w
     WHERE w.id = NEW.parent_workspace_id
       FOR SHARE;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'workspace %: parent workspace % does not exist', NEW.id, NEW.parent_workspace_id
        USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF NEW.type = 'agency' AND parent_type <> 'super' THEN
      RAISE EXCEPTION 'workspace %: an agency''s parent must be the super workspace, not a % workspace', NEW.id, parent_type
        USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.type = 'business' AND parent_type <> 'agency' THEN
      RAISE EXCEPTION 'workspace %: a business''s parent must be an agency, not a % workspace', NEW.id, parent_type
        USING ERRCODE = 'check_violation';
    END IF;
  END IF;

  IF TG_OP = 'UPDATE' AND NEW.type IS DISTINCT FROM OLD.type THEN
    SELECT c.id, c.type INTO child
      FROM public.workspaces c
     WHERE c.parent_workspace_id = NEW.id
       AND NOT ((c.type = 'agency' AND NEW.type = 'super') OR (c.type = 'business' AND NEW.type = 'agency'))
     LIMIT 1;
    IF FOUND THEN
      RAISE EXCEPTION 'workspace %: cannot become %, its child % (%) would have a parent of the wrong type',
        NEW.id, NEW.type, child.id, child.type
        USING ERRCODE = 'check_violation';
    END IF;
  END IF;
  RETURN NEW;
END;
$$;
COMMENT ON FUNCTION shell.check_workspace_parent() IS
  'Trigger: enforces super -> agency -> business on insert and on type/parent changes (docs/tenancy-and-rls.md).';
REVOKE ALL ON FUNCTION shell.check_workspace_parent() FROM PUBLIC;

CREATE TRIGGER workspaces_check_parent
  BEFORE INSERT OR UPDATE OF type, parent_workspace_id ON public.workspaces
  FOR EACH ROW EXECUTE FUNCTION shell.check_workspace_parent();

CREATE TRIGGER workspaces_set_updated_at
  BEFORE UPDATE ON public.workspaces
  FOR EACH ROW EXECUTE FUNCTION shell.set_updated_at();

DO $$
DECLARE
  missing text;
BEGIN
  IF to_regclass('public.workspaces') IS NULL THEN
    RAISE EXCEPTION '002 post-check failed: public.workspaces missing';
  END IF;
  SELECT string_agg(c, ', ') INTO missing
    FROM unnest(ARRAY['id', 'type', 'parent_workspace_id', 'name', 'slug', 'status', 'created_at', 'updated_at']) AS c
   WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
                      WHERE attrelid = 'public.workspaces'::regclass AND attname = c AND NOT attisdropped);
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION '002 post-check failed: public.workspaces lacks columns %', missing;
  END IF;
  SELECT string_agg(i, ', ') INTO missing
    FROM unnest(ARRAY['workspaces_pkey', 'workspaces_slug_key', 'workspaces_single_super_key',
                      'workspaces_parent_workspace_id_type_idx']) AS i
   WHERE to_regclass('public.' || i) IS NULL;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION '002 post-check failed: missing indexes %', missing;
  END IF;
  SELECT string_agg(t, ', ') INTO missing
    FROM unnest(ARRAY['workspaces_check_parent', 'workspaces_set_updated_at']) AS t
   WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger
                      WHERE tgrelid = 'public.workspaces'::regclass AND tgname = t);
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION '002 post-check failed: missing triggers %', missing;
  END IF;
END $$;

-- 003_memberships_roles_permissions.sql
-- Purpose: role templates, capabilities and memberships (PRD §7, §11, §12.2):
--   `roles` (the nine role templates, seeded by 013), `permissions` (the capabilities, seeded
--   by 013), `role_permissions`, `workspace_memberships` (user x workspace with a role
--   template) and `membership_permissions` (per-membership allow/deny overrides). Two triggers
--   keep role templates at their level: a membership's role scope_type must equal its
--   workspace's type, and a workspace's type cannot change under memberships of another level.
--   `membership_permissions` carries `workspace_id` too, tied to its membership by a composite
--   foreign key so the copy can never disagree (docs/tenancy-and-rls.md).
-- Pre-check: 002 is applied; none of the five tables exists.
-- Post-check: the tables with their columns, unique constraints, indexes and triggers exist.
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.

DO $$
BEGIN
  IF to_regclass('public.workspaces') IS NULL OR to_regprocedure('shell.check_workspace_parent()') IS NULL THEN
    RAISE EXCEPTION '003 pre-check failed: 002_workspaces is not applied';
  END IF;
  IF to_regclass('public.roles') IS NOT NULL OR to_regclass('public.permissions') IS NOT NULL
     OR to_regclass('public.role_permissions') IS NOT NULL OR to_regclass('public.workspace_memberships') IS NOT NULL
     OR to_regclass('public.membership_permissions') IS NOT NULL THEN
    RAISE EXCEPTION '003 pre-check failed: a table of 003 already exists';
  END IF;
END $$;

CREATE TABLE public.roles (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL,
  -- The workspace type a membership with this role template must belong to.
  scope_type text NOT NULL,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT roles_code_key UNIQUE (code),
  -- Target of composite foreign keys that need a role of a given level (navigation_profiles).
  CONSTRAINT roles_code_scope_type_key UNIQUE (code, scope_type),
  CONSTRAINT roles_code_check CHECK (code ~ '^[a-z][a-z0-9_]*$' AND length(code) <= 64),
  CONSTRAINT roles_scope_type_check CHECK (scope_type IN ('super', 'agency', 'business')),
  CONSTRAINT roles_name_check CHECK (length(btrim(name)) BETWEEN 1 AND 100)
);
COMMENT ON TABLE public.roles IS 'Role templates (PRD §7); seeded by 013, read-only to request code.';

CREATE TABLE public.permissions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL,
  description text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT permissions_code_key UNIQUE (code),
  CONSTRAINT permissions_code_check CHECK (code ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$' AND length(code) <= 128)
);
COMMENT ON TABLE public.permissions IS 'Capabilities (PRD §7); seeded by 013, read-only to request code.';

CREATE TABLE public.role_permissions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  role_id uuid NOT NULL REFERENCES public.roles (id) ON DELETE CASCADE,
  permission_id uuid NOT NULL REFERENCES public.permissions (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT role_permissions_role_id_permission_id_key UNIQUE (role_id, permission_id)
);
CREATE INDEX role_permissions_role_id_idx ON public.role_permissions (role_id);
CREATE INDEX role_permissions_permission_id_idx ON public.role_permissions (permission_id);
COMMENT ON TABLE public.role_permissions IS 'Role template -> capability map; seeded by 013.';

CREATE TABLE public.workspace_memberships (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id) ON DELETE RESTRICT,
  user_id uuid NOT NULL REFERENCES public.users (id) ON DELETE RESTRICT,
  role_template text NOT NULL REFERENCES public.roles (code) ON DELETE RESTRICT,
  active boolean NOT NULL DEFAULT true,
  invited_by_user_id uuid REFERENCES public.users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT workspace_memberships_workspace_id_user_id_key UNIQUE (workspace_id, user_id),
  -- Target of membership_permissions' composite foreign key.
  CONSTRAINT workspace_memberships_id_workspace_id_key UNIQUE (id, workspace_id)
);
CREATE INDEX workspace_memberships_workspace_id_idx ON public.workspace_memberships (workspace_id);
CREATE INDEX workspace_memberships_user_id_idx ON public.workspace_memberships (user_id);
COMMENT ON TABLE public.workspace_memberships IS 'A user''s membership in a workspace with a role template (PRD §6, §7).';

CREATE TABLE public.membership_permissions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  membership_id uuid NOT NULL,
  -- Copy of the membership's workspace for RLS; the composite FK keeps it equal.
  workspace_id uuid NOT NULL,
  permission_id uuid NOT NULL REFERENCES public.permissions (id) ON DELETE RESTRICT,
  -- true grants the capability on top of the role template, false removes it.
  allow boolean NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT membership_permissions_membership_fkey FOREIGN KEY (membership_id, workspace_id)
    REFERENCES public.workspace_memberships (id, workspace_id) ON DELETE CASCADE,
  CONSTRAINT membership_permissions_membership_id_permission_id_key UNIQUE (membership_id, permission_id)
);
CREATE INDEX membership_permissions_membership_id_idx ON public.membership_permissions (membership_id);
CREATE INDEX membership_permissions_workspace_id_idx ON public.membership_permissions (workspace_id);
COMMENT ON TABLE public.membership_permissions IS 'Per-membership capability overrides (allow adds, deny removes).';

-- Threat note (SECURITY DEFINER): reads roles and workspaces as the migration owner so the
-- check cannot be dodged by rows the caller's RLS scope hides. No arguments, writes nothing.
CREATE FUNCTION shell.check_membership_role_scope()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
  role_scope text;
  workspace_type text;
BEGIN
  SELECT r.scope_type INTO role_scope FROM public.roles r WHERE r.code = NEW.role_template;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'membership %: unknown role template %', NEW.id, NEW.role_template
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  -- FOR SHARE: the workspace's type cannot change until this membership is committed.
  SELECT w.type INTO workspace_type FROM public.workspaces w WHERE w.id = NEW.workspace_id FOR SHARE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'membership %: workspace % does not exist', NEW.id, NEW.workspace_id
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  IF role_scope <> workspace_type THEN
    RAISE EXCEPTION 'membership %: role template % belongs to % workspaces, not to a % workspace',
      NEW.id, NEW.role_template, role_scope, workspace_type
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;
COMMENT ON FUNCTION shell.check_membership_role_scope() IS
  'Trigger: a membership''s role template scope_type must equal its workspace''s type.';
REVOKE ALL ON FUNCTION shell.check_membership_role_scope() FROM PUBLIC;

-- Threat note (SECURITY DEFINER): reads memberships and roles as the migration owner so
-- memberships outside the caller's RLS scope still block the change. Writes nothing.
CREATE FUNCTION shell.check_workspace_type_memberships()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
  IF EXISTS (
    SELECT 1
      FROM public.workspace_memberships m
      JOIN public.roles r ON r.code = m.role_template
     WHERE m.workspace_id = NEW.id AND r.scope_type <> NEW.type
  ) THEN
    RAISE EXCEPTION 'workspace %: cannot become %, it has memberships with role templates of another level', NEW.id, NEW.type
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;
COMMENT ON FUNCTION shell.check_workspace_type_memberships() IS
  'Trigger: refuses a workspace type change that would strand memberships of another level.';
REVOKE ALL ON FUNCTION shell.check_workspace_type_memberships() FROM PUBLIC;

CREATE TRIGGER workspace_memberships_check_role_scope
  BEFORE INSERT OR UPDATE OF workspace_id, role_template ON public.workspace_memberships
  FOR EACH ROW EXECUTE FUNCTION shell.check_membership_role_scope();

CREATE TRIGGER workspaces_check_type_memberships
  BEFORE UPDATE OF type ON public.workspaces
  FOR EACH ROW WHEN (NEW.type IS DISTINCT FROM OLD.type)
  EXECUTE FUNCTION shell.check_workspace_type_memberships();

CREATE TRIGGER workspace_memberships_set_updated_at
  BEFORE UPDATE ON public.workspace_memberships
  FOR EACH ROW EXECUTE FUNCTION shell.set_updated_at();

CREATE TRIGGER membership_permissions_set_updated_at
  BEFORE UPDATE ON public.membership_permissions
  FOR EACH ROW EXECUTE FUNCTION shell.set_updated_at();

DO $$
DECLARE
  spec jsonb := '{
    "roles": ["id", "code", "scope_type", "name", "description", "created_at"],
    "permissions": ["id", "code", "description", "created_at"],
    "role_permissions": ["id", "role_id", "permission_id", "created_at"],
    "workspace_memberships": ["id", "workspace_id", "user_id", "role_template", "active", "invited_by_user_id", "created_at", "updated_at"],
    "membership_permissions": ["id", "membership_id", "workspace_id", "permission_id", "allow", "created_at", "updated_at"]
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
    RAISE EXCEPTION '003 post-check failed: missing columns %', missing;
  END IF;
  SELECT string_agg(i, ', ') INTO missing
    FROM unnest(ARRAY[
      'roles_code_key', 'roles_code_scope_type_key', 'permissions_code_key',
      'role_permissions_role_id_permission_id_key', 'role_permissions_role_id_idx',
      'workspace_memberships_workspace_id_user_id_key', 'workspace_memberships_id_workspace_id_key',
      'workspace_memberships_workspace_id_idx', 'workspace_memberships_user_id_idx',
      'membership_permissions_membership_id_permission_id_key', 'membership_permissions_membership_id_idx',
      'membership_permissions_workspace_id_idx']) AS i
   WHERE to_regclass('public.' || i) IS NULL;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION '003 post-check failed: missing indexes %', missing;
  END IF;
  SELECT string_agg(t, ', ') INTO missing
    FROM unnest(ARRAY['workspace_memberships_check_role_scope', 'workspaces_check_type_memberships',
                      'workspace_memberships_set_updated_at', 'membership_permissions_set_updated_at']) AS t
   WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger WHERE tgname = t AND NOT tgisinternal);
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION '003 post-check failed: missing triggers %', missing;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint
                  WHERE conname = 'membership_permissions_membership_fkey' AND contype = 'f') THEN
    RAISE EXCEPTION '003 post-check failed: composite foreign key membership_permissions_membership_fkey missing';
  END IF;
END $$;

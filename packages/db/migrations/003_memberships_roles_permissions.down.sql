-- 003_memberships_roles_permissions.down.sql
-- Purpose: undo 003: drop membership_permissions, workspace_memberships, role_permissions,
--   permissions, roles and the two role-scope trigger functions (the trigger on workspaces
--   goes with its function).
-- Pre-check: 004 is undone (public.themes gone) and 003's tables exist.
-- Post-check: the tables and functions are gone, and no 003 trigger remains on workspaces.
-- Failure handling: the runner's transaction rolls back and nothing is dropped; undo 004
--   first and re-run. Staging only (PRD §12.6): this destroys every membership.

DO $$
BEGIN
  IF to_regclass('public.themes') IS NOT NULL THEN
    RAISE EXCEPTION '003 down pre-check failed: public.themes still exists; undo 004 first';
  END IF;
  IF to_regclass('public.roles') IS NULL OR to_regclass('public.permissions') IS NULL
     OR to_regclass('public.role_permissions') IS NULL OR to_regclass('public.workspace_memberships') IS NULL
     OR to_regclass('public.membership_permissions') IS NULL THEN
    RAISE EXCEPTION '003 down pre-check failed: a table of 003 is missing (003 not applied?)';
  END IF;
END $$;

DROP TRIGGER workspaces_check_type_memberships ON public.workspaces;
DROP TABLE public.membership_permissions;
DROP TABLE public.workspace_memberships;
DROP TABLE public.role_permissions;
DROP TABLE public.permissions;
DROP TABLE public.roles;
DROP FUNCTION shell.check_membership_role_scope();
DROP FUNCTION shell.check_workspace_type_memberships();

DO $$
BEGIN
  IF to_regclass('public.roles') IS NOT NULL OR to_regclass('public.permissions') IS NOT NULL
     OR to_regclass('public.role_permissions') IS NOT NULL OR to_regclass('public.workspace_memberships') IS NOT NULL
     OR to_regclass('public.membership_permissions') IS NOT NULL THEN
    RAISE EXCEPTION '003 down post-check failed: a table of 003 still exists';
  END IF;
  IF to_regprocedure('shell.check_membership_role_scope()') IS NOT NULL
     OR to_regprocedure('shell.check_workspace_type_memberships()') IS NOT NULL THEN
    RAISE EXCEPTION '003 down post-check failed: a trigger function of 003 still exists';
  END IF;
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_trigger
              WHERE tgrelid = 'public.workspaces'::regclass AND tgname = 'workspaces_check_type_memberships') THEN
    RAISE EXCEPTION '003 down post-check failed: trigger workspaces_check_type_memberships still exists';
  END IF;
END $$;

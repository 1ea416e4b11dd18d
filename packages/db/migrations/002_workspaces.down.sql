-- 002_workspaces.down.sql
-- Purpose: undo 002: drop public.workspaces and shell.check_workspace_parent().
-- Pre-check: 003 is undone (public.workspace_memberships gone) and 002's objects exist.
-- Post-check: the table and the function are gone.
-- Failure handling: the runner's transaction rolls back and nothing is dropped; undo 003
--   first and re-run. Staging only (PRD §12.6): this destroys the tenant tree.

DO $$
BEGIN
  IF to_regclass('public.workspace_memberships') IS NOT NULL THEN
    RAISE EXCEPTION '002 down pre-check failed: public.workspace_memberships still exists; undo 003 first';
  END IF;
  IF to_regclass('public.workspaces') IS NULL OR to_regprocedure('shell.check_workspace_parent()') IS NULL THEN
    RAISE EXCEPTION '002 down pre-check failed: 002 objects missing (002 not applied?)';
  END IF;
END $$;

DROP TABLE public.workspaces;
DROP FUNCTION shell.check_workspace_parent();

DO $$
BEGIN
  IF to_regclass('public.workspaces') IS NOT NULL OR to_regprocedure('shell.check_workspace_parent()') IS NOT NULL THEN
    RAISE EXCEPTION '002 down post-check failed: public.workspaces or shell.check_workspace_parent() still exists';
  END IF;
END $$;

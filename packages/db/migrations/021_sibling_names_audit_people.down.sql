-- 021_sibling_names_audit_people.down.sql
-- Purpose: undo 021: drop the audit trigger and its function and the sibling-name index.
--   Snapshots already written stay in audit_logs.metadata_json (rows are append-only); the
--   application code that relies on the index must be rolled back with it.
-- Pre-check: 021 is applied (the index and the function exist).
-- Post-check: neither the index, the trigger nor the function exists.
-- Failure handling: the runner's transaction rolls back and nothing changes; fix and re-run.

DO $$
BEGIN
  IF to_regclass('public.workspaces_parent_name_key') IS NULL
     OR to_regprocedure('shell.snapshot_audit_people()') IS NULL THEN
    RAISE EXCEPTION '021 down pre-check failed: 021 is not applied';
  END IF;
END $$;

DROP TRIGGER audit_logs_snapshot_people ON public.audit_logs;
DROP FUNCTION shell.snapshot_audit_people();
DROP INDEX public.workspaces_parent_name_key;

DO $$
BEGIN
  IF to_regclass('public.workspaces_parent_name_key') IS NOT NULL
     OR to_regprocedure('shell.snapshot_audit_people()') IS NOT NULL
     OR EXISTS (SELECT 1 FROM pg_catalog.pg_trigger t
                 WHERE t.tgrelid = 'public.audit_logs'::regclass
                   AND t.tgname = 'audit_logs_snapshot_people') THEN
    RAISE EXCEPTION '021 down post-check failed: the index, trigger or function is still there';
  END IF;
END $$;

-- 011_contacts.down.sql
-- Purpose: undo 011: drop public.contacts.
-- Pre-check: 012 is undone (no RLS policies left on contacts, shell.visible_workspace_ids()
--   gone) and the table exists.
-- Post-check: the table is gone.
-- Failure handling: the runner's transaction rolls back and nothing is dropped; undo 012
--   first and re-run. Staging only (PRD §12.6): this destroys every contact.

DO $$
BEGIN
  IF to_regprocedure('shell.visible_workspace_ids()') IS NOT NULL THEN
    RAISE EXCEPTION '011 down pre-check failed: 012 RLS helpers still exist; undo 012 first';
  END IF;
  IF to_regclass('public.contacts') IS NULL THEN
    RAISE EXCEPTION '011 down pre-check failed: public.contacts missing (011 not applied?)';
  END IF;
END $$;

DROP TABLE public.contacts;

DO $$
BEGIN
  IF to_regclass('public.contacts') IS NOT NULL THEN
    RAISE EXCEPTION '011 down post-check failed: public.contacts still exists';
  END IF;
END $$;

-- 001_identities.down.sql
-- Purpose: undo 001: drop public.users, shell.set_updated_at() and schema shell. The roles
--   anon, authenticated and service_role are cluster-wide and shared with other databases
--   (and with Supabase itself), so they are deliberately left in place.
-- Pre-check: 002 is undone (public.workspaces gone) and 001's objects exist; schema shell
--   holds nothing but shell.set_updated_at() (anything else means a later migration was not
--   undone, and the schema is dropped without CASCADE so it cannot take foreign objects along).
-- Post-check: public.users and schema shell are gone.
-- Failure handling: the runner's transaction rolls back and nothing is dropped; undo the
--   later migrations first (or remove the foreign objects named in the message) and re-run.
--   Staging only (PRD §12.6): this destroys every user row.

DO $$
DECLARE
  extra text;
BEGIN
  IF to_regclass('public.workspaces') IS NOT NULL THEN
    RAISE EXCEPTION '001 down pre-check failed: public.workspaces still exists; undo 002 first';
  END IF;
  IF to_regclass('public.users') IS NULL OR to_regnamespace('shell') IS NULL THEN
    RAISE EXCEPTION '001 down pre-check failed: public.users or schema shell missing (001 not applied?)';
  END IF;
  SELECT string_agg(p.oid::regprocedure::text, ', ') INTO extra
    FROM pg_catalog.pg_proc p
   WHERE p.pronamespace = 'shell'::regnamespace AND p.proname <> 'set_updated_at';
  IF extra IS NOT NULL THEN
    RAISE EXCEPTION '001 down pre-check failed: schema shell still holds functions of later migrations: %', extra;
  END IF;
END $$;

DROP TABLE public.users;
DROP FUNCTION shell.set_updated_at();
DROP SCHEMA shell;

DO $$
BEGIN
  IF to_regclass('public.users') IS NOT NULL THEN
    RAISE EXCEPTION '001 down post-check failed: public.users still exists';
  END IF;
  IF to_regnamespace('shell') IS NOT NULL THEN
    RAISE EXCEPTION '001 down post-check failed: schema shell still exists';
  END IF;
END $$;

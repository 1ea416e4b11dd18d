-- 031_login_screen_profiles.down.sql
-- Purpose: undo 031: drop login_screen_profiles (with its policies and triggers) and the
--   functions shell.login_screen_chain, shell.login_override_allowed,
--   shell.notify_login_screen_changed, shell.check_login_screen_policy_scope and
--   shell.protect_login_screen_profiles.
-- Pre-check: 031 is applied (the table exists).
-- Post-check: the table and the five functions are gone.
-- Failure handling: the runner's transaction rolls back and nothing is dropped; fix and
--   re-run. Staging only (PRD §12.6): every saved login-screen profile is lost, and the sign-in
--   pages show the product's defaults again.

DO $$
BEGIN
  IF to_regclass('public.login_screen_profiles') IS NULL THEN
    RAISE EXCEPTION '031 down pre-check failed: public.login_screen_profiles does not exist (031 not applied?)';
  END IF;
END $$;

DROP TABLE public.login_screen_profiles;
DROP FUNCTION shell.login_screen_chain(uuid);
DROP FUNCTION shell.login_override_allowed(uuid);
DROP FUNCTION shell.notify_login_screen_changed();
DROP FUNCTION shell.check_login_screen_policy_scope();
DROP FUNCTION shell.protect_login_screen_profiles();

DO $$
BEGIN
  IF to_regclass('public.login_screen_profiles') IS NOT NULL
     OR to_regprocedure('shell.login_screen_chain(uuid)') IS NOT NULL
     OR to_regprocedure('shell.login_override_allowed(uuid)') IS NOT NULL
     OR to_regprocedure('shell.notify_login_screen_changed()') IS NOT NULL
     OR to_regprocedure('shell.check_login_screen_policy_scope()') IS NOT NULL
     OR to_regprocedure('shell.protect_login_screen_profiles()') IS NOT NULL THEN
    RAISE EXCEPTION '031 down post-check failed: something of 031 still exists';
  END IF;
END $$;

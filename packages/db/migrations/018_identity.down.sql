-- 018_identity.down.sql
-- Purpose: undo 018 in staging validation (PRD §12.6): drop the five identity tables
--   (user_credentials, sessions, auth_tokens, rate_limits, mail_messages) with their rows,
--   indexes and grants. Every credential, session and token is lost: all users must sign in
--   again (and local users need a password reset) after re-applying 018.
-- Pre-check: 018 is applied (the five tables exist).
-- Post-check: none of the five tables exists.
-- Failure handling: the runner's transaction rolls back and nothing changes; fix and re-run.
--   Never in production: 018 is forward-only there; correct it with a later migration.

DO $$
DECLARE
  missing text;
BEGIN
  SELECT string_agg(t, ', ') INTO missing
    FROM unnest(ARRAY['user_credentials', 'sessions', 'auth_tokens', 'rate_limits', 'mail_messages']) AS t
   WHERE to_regclass('public.' || t) IS NULL;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION '018 down pre-check failed: tables missing (018 not applied?): %', missing;
  END IF;
END $$;

DROP TABLE public.mail_messages;
DROP TABLE public.rate_limits;
DROP TABLE public.auth_tokens;
DROP TABLE public.sessions;
DROP TABLE public.user_credentials;

DO $$
DECLARE
  remaining text;
BEGIN
  SELECT string_agg(t, ', ') INTO remaining
    FROM unnest(ARRAY['user_credentials', 'sessions', 'auth_tokens', 'rate_limits', 'mail_messages']) AS t
   WHERE to_regclass('public.' || t) IS NOT NULL;
  IF remaining IS NOT NULL THEN
    RAISE EXCEPTION '018 down post-check failed: tables remain: %', remaining;
  END IF;
END $$;

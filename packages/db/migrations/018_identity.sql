-- 018_identity.sql
-- Purpose: the identity tables of docs/identity.md (PRD §13, issue 3). All five are
--   service-only: RLS enabled and forced, no policy, no privilege for anon or authenticated;
--   only service_role (withService) and the BYPASSRLS application user read and write them.
--   Request code never sees a password hash, a session or a token row.
--   * user_credentials: the local provider's scrypt hash (PHC-style string) per user.
--   * sessions: server-side sessions; only the sha256 of the opaque token is stored. The
--     active workspace and the impersonation state (actor workspace, target, reason, start)
--     live here; the four impersonation columns are all null or all set.
--   * auth_tokens: single-use invitation, password reset and email verification tokens,
--     stored as sha256 hashes.
--   * rate_limits: the table rate-limiter-flexible's RateLimiterPostgres uses (key, points,
--     expire in epoch ms), created here so the library runs with `tableCreated: true`.
--   * mail_messages: the local mailbox (MAIL_TRANSPORT=mailbox).
-- Pre-check: 017 is applied (shell.in_platform_scope() exists); none of the five tables
--   exists yet.
-- Post-check: the five tables with their columns, keys, checks and indexes exist; RLS is
--   enabled and forced on each, with no policy; anon and authenticated hold no privilege on
--   them (table or column); service_role holds SELECT, INSERT, UPDATE and DELETE.
-- Failure handling: the runner's transaction rolls back; nothing applied; fix and re-run.
--   Forward-only in production (PRD §12.6): once applied, correct it with a later migration.
--   018_identity.down.sql drops the five tables (and their rows) for staging validation only.

DO $$
DECLARE
  existing text;
BEGIN
  IF to_regprocedure('shell.in_platform_scope()') IS NULL THEN
    RAISE EXCEPTION '018 pre-check failed: 017_rls_hardening is not applied';
  END IF;
  SELECT string_agg(t, ', ') INTO existing
    FROM unnest(ARRAY['user_credentials', 'sessions', 'auth_tokens', 'rate_limits', 'mail_messages']) AS t
   WHERE to_regclass('public.' || t) IS NOT NULL;
  IF existing IS NOT NULL THEN
    RAISE EXCEPTION '018 pre-check failed: tables already exist (018 already applied?): %', existing;
  END IF;
END $$;

CREATE TABLE public.user_credentials (
  user_id uuid PRIMARY KEY REFERENCES public.users (id) ON DELETE CASCADE,
  -- scrypt$N$r$p$salt$hash (base64url); never shown, logged or returned.
  password_hash text NOT NULL,
  password_updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT user_credentials_password_hash_check
    CHECK (password_hash ~ '^scrypt\$[0-9]+\$[0-9]+\$[0-9]+\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$'
           AND length(password_hash) <= 512)
);
COMMENT ON TABLE public.user_credentials IS 'Local auth provider password hashes (scrypt). Service-only.';

CREATE TABLE public.sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- sha256 (hex) of the opaque token; the token itself is shown once and never stored.
  token_hash text NOT NULL,
  user_id uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
  -- Null until the user picks a workspace (several options at sign-in).
  active_workspace_id uuid REFERENCES public.workspaces (id) ON DELETE RESTRICT,
  impersonation_actor_workspace_id uuid REFERENCES public.workspaces (id) ON DELETE RESTRICT,
  impersonation_target_workspace_id uuid REFERENCES public.workspaces (id) ON DELETE RESTRICT,
  impersonation_reason text,
  impersonation_started_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  user_agent text,
  ip inet,
  CONSTRAINT sessions_token_hash_key UNIQUE (token_hash),
  CONSTRAINT sessions_token_hash_check CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  CONSTRAINT sessions_impersonation_all_or_none_check CHECK (
    num_nulls(impersonation_actor_workspace_id, impersonation_target_workspace_id,
              impersonation_reason, impersonation_started_at) IN (0, 4)),
  -- While impersonating, the session acts in the target, never in the actor's own workspace.
  CONSTRAINT sessions_impersonation_target_check CHECK (
    impersonation_target_workspace_id IS NULL
    OR (active_workspace_id = impersonation_target_workspace_id
        AND impersonation_actor_workspace_id <> impersonation_target_workspace_id)),
  CONSTRAINT sessions_impersonation_reason_check CHECK (
    impersonation_reason IS NULL OR length(btrim(impersonation_reason)) BETWEEN 1 AND 500),
  CONSTRAINT sessions_expires_at_check CHECK (expires_at > created_at),
  CONSTRAINT sessions_user_agent_check CHECK (user_agent IS NULL OR length(user_agent) <= 512)
);
-- Listing and revoking a user's live sessions (and revoking all of them on suspension).
CREATE INDEX sessions_user_id_live_idx ON public.sessions (user_id) WHERE revoked_at IS NULL;
COMMENT ON TABLE public.sessions IS 'Server-side sessions (token stored as sha256), active workspace and impersonation. Service-only.';

CREATE TABLE public.auth_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  purpose text NOT NULL,
  -- sha256 (hex) of the single-use token sent by mail.
  token_hash text NOT NULL,
  user_id uuid NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
  -- The workspace an invitation is for; not a tenant key (the table is service-only).
  workspace_id uuid REFERENCES public.workspaces (id) ON DELETE CASCADE,
  -- The address an email verification confirms (lower-case and trimmed, as users.email).
  new_email text,
  created_by_user_id uuid REFERENCES public.users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  CONSTRAINT auth_tokens_token_hash_key UNIQUE (token_hash),
  CONSTRAINT auth_tokens_token_hash_check CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  CONSTRAINT auth_tokens_purpose_check CHECK (purpose IN ('invitation', 'password_reset', 'email_verification')),
  CONSTRAINT auth_tokens_invitation_workspace_check CHECK (purpose <> 'invitation' OR workspace_id IS NOT NULL),
  CONSTRAINT auth_tokens_new_email_check CHECK ((purpose = 'email_verification') = (new_email IS NOT NULL)),
  CONSTRAINT auth_tokens_new_email_format_check CHECK (
    new_email IS NULL
    OR (new_email = lower(btrim(new_email)) AND new_email ~ '^[^@[:space:]]+@[^@[:space:]]+$'
        AND length(new_email) <= 320)),
  CONSTRAINT auth_tokens_expires_at_check CHECK (expires_at > created_at)
);
CREATE INDEX auth_tokens_user_id_purpose_idx ON public.auth_tokens (user_id, purpose);
COMMENT ON TABLE public.auth_tokens IS 'Single-use invitation, password reset and email verification tokens (sha256). Service-only.';

-- Exactly the shape RateLimiterPostgres creates itself (rate-limiter-flexible 11,
-- _getCreateTableStmt): it inserts positionally (key, points, expire), so the column order
-- matters. `expire` is epoch milliseconds.
CREATE TABLE public.rate_limits (
  key varchar(255) PRIMARY KEY,
  points integer NOT NULL DEFAULT 0,
  expire bigint
);
-- The library's periodic clean-up deletes by `expire < now - 1 h`.
CREATE INDEX rate_limits_expire_idx ON public.rate_limits (expire);
COMMENT ON TABLE public.rate_limits IS 'rate-limiter-flexible Postgres store, shared by every instance. Service-only.';

CREATE TABLE public.mail_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  to_address text NOT NULL,
  from_address text NOT NULL,
  subject text NOT NULL,
  text_body text NOT NULL,
  html_body text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mail_messages_created_at_idx ON public.mail_messages (created_at DESC);
COMMENT ON TABLE public.mail_messages IS 'Local mailbox: messages sent while MAIL_TRANSPORT=mailbox. Service-only.';

ALTER TABLE public.user_credentials ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.user_credentials FORCE ROW LEVEL SECURITY;
ALTER TABLE public.sessions ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.sessions FORCE ROW LEVEL SECURITY;
ALTER TABLE public.auth_tokens ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.auth_tokens FORCE ROW LEVEL SECURITY;
ALTER TABLE public.rate_limits ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.rate_limits FORCE ROW LEVEL SECURITY;
ALTER TABLE public.mail_messages ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.mail_messages FORCE ROW LEVEL SECURITY;

-- Supabase's default privileges grant anon/authenticated everything on new tables: take it
-- all back. No policy either, so even a stray grant would show no row.
REVOKE ALL ON public.user_credentials, public.sessions, public.auth_tokens, public.rate_limits,
  public.mail_messages FROM PUBLIC, anon, authenticated;
GRANT ALL ON public.user_credentials, public.sessions, public.auth_tokens, public.rate_limits,
  public.mail_messages TO service_role;

DO $$
DECLARE
  problems text;
BEGIN
  SELECT string_agg(c.tbl || '.' || c.col, ', ') INTO problems
    FROM (VALUES
      ('user_credentials', 'user_id'), ('user_credentials', 'password_hash'),
      ('user_credentials', 'password_updated_at'),
      ('sessions', 'id'), ('sessions', 'token_hash'), ('sessions', 'user_id'),
      ('sessions', 'active_workspace_id'), ('sessions', 'impersonation_actor_workspace_id'),
      ('sessions', 'impersonation_target_workspace_id'), ('sessions', 'impersonation_reason'),
      ('sessions', 'impersonation_started_at'), ('sessions', 'created_at'), ('sessions', 'last_seen_at'),
      ('sessions', 'expires_at'), ('sessions', 'revoked_at'), ('sessions', 'user_agent'), ('sessions', 'ip'),
      ('auth_tokens', 'id'), ('auth_tokens', 'purpose'), ('auth_tokens', 'token_hash'),
      ('auth_tokens', 'user_id'), ('auth_tokens', 'workspace_id'), ('auth_tokens', 'new_email'),
      ('auth_tokens', 'created_by_user_id'), ('auth_tokens', 'created_at'), ('auth_tokens', 'expires_at'),
      ('auth_tokens', 'used_at'),
      ('rate_limits', 'key'), ('rate_limits', 'points'), ('rate_limits', 'expire'),
      ('mail_messages', 'id'), ('mail_messages', 'to_address'), ('mail_messages', 'from_address'),
      ('mail_messages', 'subject'), ('mail_messages', 'text_body'), ('mail_messages', 'html_body'),
      ('mail_messages', 'created_at')) AS c(tbl, col)
   WHERE to_regclass('public.' || c.tbl) IS NULL
      OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
                      WHERE a.attrelid = to_regclass('public.' || c.tbl) AND a.attname = c.col
                        AND a.attnum > 0 AND NOT a.attisdropped);
  IF problems IS NOT NULL THEN
    RAISE EXCEPTION '018 post-check failed: missing tables or columns %', problems;
  END IF;
  -- RateLimiterPostgres inserts without a column list.
  IF (SELECT string_agg(attname, ',' ORDER BY attnum) FROM pg_catalog.pg_attribute
       WHERE attrelid = 'public.rate_limits'::regclass AND attnum > 0 AND NOT attisdropped)
     <> 'key,points,expire' THEN
    RAISE EXCEPTION '018 post-check failed: rate_limits columns are not (key, points, expire) in that order';
  END IF;

  SELECT string_agg(c, ', ') INTO problems
    FROM unnest(ARRAY['sessions_token_hash_key', 'sessions_impersonation_all_or_none_check',
                      'sessions_impersonation_target_check', 'auth_tokens_token_hash_key',
                      'auth_tokens_purpose_check', 'auth_tokens_invitation_workspace_check',
                      'auth_tokens_new_email_check', 'user_credentials_password_hash_check']) AS c
   WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conname = c
                        AND connamespace = 'public'::regnamespace);
  IF problems IS NOT NULL THEN
    RAISE EXCEPTION '018 post-check failed: missing constraints %', problems;
  END IF;
  SELECT string_agg(i, ', ') INTO problems
    FROM unnest(ARRAY['sessions_user_id_live_idx', 'auth_tokens_user_id_purpose_idx',
                      'rate_limits_expire_idx', 'mail_messages_created_at_idx']) AS i
   WHERE to_regclass('public.' || i) IS NULL;
  IF problems IS NOT NULL THEN
    RAISE EXCEPTION '018 post-check failed: missing indexes %', problems;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
                  WHERE attrelid = 'public.sessions'::regclass AND attname = 'expires_at' AND attnotnull) THEN
    RAISE EXCEPTION '018 post-check failed: sessions.expires_at is nullable';
  END IF;

  SELECT string_agg(c.relname, ', ') INTO problems
    FROM pg_catalog.pg_class c
   WHERE c.oid IN ('public.user_credentials'::regclass, 'public.sessions'::regclass,
                   'public.auth_tokens'::regclass, 'public.rate_limits'::regclass,
                   'public.mail_messages'::regclass)
     AND (NOT c.relrowsecurity OR NOT c.relforcerowsecurity
          OR EXISTS (SELECT 1 FROM pg_catalog.pg_policy p WHERE p.polrelid = c.oid)
          OR has_table_privilege('anon', c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
          OR has_any_column_privilege('anon', c.oid, 'SELECT, INSERT, UPDATE, REFERENCES')
          OR has_table_privilege('authenticated', c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
          OR has_any_column_privilege('authenticated', c.oid, 'SELECT, INSERT, UPDATE, REFERENCES'));
  IF problems IS NOT NULL THEN
    RAISE EXCEPTION '018 post-check failed: not service-only (RLS forced, no policy, no anon/authenticated privilege): %', problems;
  END IF;
  -- With a list, has_table_privilege is true when ANY is held: check each one.
  SELECT string_agg(t || ' ' || priv, ', ') INTO problems
    FROM unnest(ARRAY['user_credentials', 'sessions', 'auth_tokens', 'rate_limits', 'mail_messages']) AS t,
         unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']) AS priv
   WHERE NOT has_table_privilege('service_role', 'public.' || t, priv);
  IF problems IS NOT NULL THEN
    RAISE EXCEPTION '018 post-check failed: service_role lacks %', problems;
  END IF;
END $$;

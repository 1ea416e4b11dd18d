-- 001_identities.sql
-- Purpose: the foundation of the shell schema (PRD §11, §12.2; docs/tenancy-and-rls.md):
--   * schema `shell` for helper and trigger functions (tables stay in `public`);
--   * the Supabase-style database roles `anon`, `authenticated` (NOLOGIN) and `service_role`
--     (NOLOGIN BYPASSRLS), created only when missing and granted to the migrating user so it
--     can `SET ROLE` to them. Roles are cluster-wide: no down migration ever drops them;
--   * `shell.set_updated_at()`, the trigger function that keeps every `updated_at` current;
--   * `public.users`, the v2 user record mapped to the auth provider's user by `auth_user_id`.
-- Pre-check: Postgres 15 or newer; the migrating user is a superuser or has BYPASSRLS (every
--   table gets FORCE ROW LEVEL SECURITY in 012/015, and the SECURITY DEFINER helpers and
--   triggers owned by this user must read all rows without recursing into the policies);
--   neither schema `shell` nor `public.users` exists yet.
-- Post-check: schema `shell`, the three roles (service_role with BYPASSRLS, each one
--   SET-able by the migrating user), `shell.set_updated_at()`, `public.users` with its
--   columns, unique constraints and trigger all exist.
-- Failure handling: the runner's transaction rolls back, so nothing (roles included) is
--   applied; read the RAISE message, fix the cause (e.g. run as a BYPASSRLS user, or
--   `ALTER ROLE service_role BYPASSRLS`) and re-run.

DO $$
BEGIN
  IF current_setting('server_version_num')::int < 150000 THEN
    RAISE EXCEPTION '001 pre-check failed: Postgres 15 or newer is required (found %)', current_setting('server_version');
  END IF;
  IF NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = current_user AND (rolsuper OR rolbypassrls)
  ) THEN
    RAISE EXCEPTION '001 pre-check failed: migrating role % must be a superuser or have BYPASSRLS', current_user
      USING HINT = 'Shell tables force row-level security; SECURITY DEFINER helpers owned by the migrating role must bypass it.';
  END IF;
  IF to_regnamespace('shell') IS NOT NULL THEN
    RAISE EXCEPTION '001 pre-check failed: schema shell already exists (migration already applied?)';
  END IF;
  IF to_regclass('public.users') IS NOT NULL THEN
    RAISE EXCEPTION '001 pre-check failed: table public.users already exists';
  END IF;
END $$;

CREATE SCHEMA shell;
COMMENT ON SCHEMA shell IS 'aiConnected shell: RLS helper functions and trigger functions (tables live in public).';
REVOKE ALL ON SCHEMA shell FROM PUBLIC;

-- Supabase creates these roles itself; elsewhere (local, CI, embedded) we create them. The
-- migrating user must be able to SET ROLE to each: request code runs as `authenticated`,
-- system work as `service_role`. PG16+ separates SET from membership, hence the two paths.
DO $$
DECLARE
  role_name text;
  can_set boolean;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'anon') THEN
    CREATE ROLE anon NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'authenticated') THEN
    CREATE ROLE authenticated NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'service_role') THEN
    CREATE ROLE service_role NOLOGIN BYPASSRLS;
  END IF;

  FOREACH role_name IN ARRAY ARRAY['anon', 'authenticated', 'service_role'] LOOP
    IF current_setting('server_version_num')::int >= 160000 THEN
      can_set := pg_catalog.pg_has_role(current_user, role_name, 'SET');
    ELSE
      can_set := pg_catalog.pg_has_role(current_user, role_name, 'MEMBER');
    END IF;
    IF NOT can_set THEN
      IF current_setting('server_version_num')::int >= 160000 THEN
        EXECUTE format('GRANT %I TO %I WITH SET TRUE', role_name, current_user);
      ELSE
        EXECUTE format('GRANT %I TO %I', role_name, current_user);
      END IF;
    END IF;
  END LOOP;
END $$;

-- Keeps updated_at truthful whatever the client sends.
CREATE FUNCTION shell.set_updated_at()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
  NEW.updated_at := pg_catalog.now();
  RETURN NEW;
END;
$$;
COMMENT ON FUNCTION shell.set_updated_at() IS 'BEFORE UPDATE trigger: sets updated_at to now().';
REVOKE ALL ON FUNCTION shell.set_updated_at() FROM PUBLIC;

CREATE TABLE public.users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The auth provider's user id (Supabase auth.users.id, or our own for local auth). Invited
  -- users get a fresh id so the mapping is never null (PRD §13 backfill by auth_user_id).
  auth_user_id uuid NOT NULL DEFAULT gen_random_uuid(),
  -- Stored lower-case and trimmed, so a plain unique constraint is case-insensitive.
  email text NOT NULL,
  status text NOT NULL DEFAULT 'invited',
  display_name text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT users_auth_user_id_key UNIQUE (auth_user_id),
  CONSTRAINT users_email_key UNIQUE (email),
  CONSTRAINT users_email_lower_check CHECK (email = lower(btrim(email))),
  CONSTRAINT users_email_format_check CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+$' AND length(email) <= 320),
  CONSTRAINT users_status_check CHECK (status IN ('active', 'invited', 'suspended')),
  CONSTRAINT users_display_name_check CHECK (display_name IS NULL OR length(display_name) BETWEEN 1 AND 200)
);
COMMENT ON TABLE public.users IS 'Shell users (PRD §11); mapped to the auth provider by auth_user_id.';

CREATE TRIGGER users_set_updated_at
  BEFORE UPDATE ON public.users
  FOR EACH ROW EXECUTE FUNCTION shell.set_updated_at();

DO $$
DECLARE
  missing text;
  role_name text;
BEGIN
  IF to_regnamespace('shell') IS NULL THEN
    RAISE EXCEPTION '001 post-check failed: schema shell missing';
  END IF;
  FOREACH role_name IN ARRAY ARRAY['anon', 'authenticated', 'service_role'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = role_name) THEN
      RAISE EXCEPTION '001 post-check failed: role % missing', role_name;
    END IF;
    IF NOT pg_catalog.pg_has_role(current_user, role_name,
         CASE WHEN current_setting('server_version_num')::int >= 160000 THEN 'SET' ELSE 'MEMBER' END) THEN
      RAISE EXCEPTION '001 post-check failed: % cannot SET ROLE %', current_user, role_name;
    END IF;
  END LOOP;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'service_role' AND rolbypassrls) THEN
    RAISE EXCEPTION '001 post-check failed: role service_role exists without BYPASSRLS'
      USING HINT = 'ALTER ROLE service_role BYPASSRLS (as a superuser), then re-run.';
  END IF;
  IF to_regprocedure('shell.set_updated_at()') IS NULL THEN
    RAISE EXCEPTION '001 post-check failed: function shell.set_updated_at() missing';
  END IF;
  SELECT string_agg(c, ', ') INTO missing
    FROM unnest(ARRAY['id', 'auth_user_id', 'email', 'status', 'display_name', 'created_at', 'updated_at']) AS c
   WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
                      WHERE attrelid = 'public.users'::regclass AND attname = c AND NOT attisdropped);
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION '001 post-check failed: public.users lacks columns %', missing;
  END IF;
  SELECT string_agg(i, ', ') INTO missing
    FROM unnest(ARRAY['users_pkey', 'users_auth_user_id_key', 'users_email_key']) AS i
   WHERE to_regclass('public.' || i) IS NULL;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION '001 post-check failed: missing indexes %', missing;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger
                  WHERE tgrelid = 'public.users'::regclass AND tgname = 'users_set_updated_at') THEN
    RAISE EXCEPTION '001 post-check failed: trigger users_set_updated_at missing';
  END IF;
END $$;

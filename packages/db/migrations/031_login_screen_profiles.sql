-- 031_login_screen_profiles.sql
-- Purpose: the login-screen branding of each workspace (PRD §15, §15.1, §20.3):
--   * `login_screen_profiles`: versioned profiles (logo asset, primary/secondary colours,
--     typography, copy slots; validated by sdk-contracts' brandingProfileSchema before they get
--     here) per workspace, unique (workspace_id, version); every save is a new row, rows are
--     never changed. An agency's row also carries its policy `allow_business_override`: whether
--     its businesses may override the agency's login screen. Only agency rows may set it.
--   * RLS enabled and forced: read where the workspace is visible; insert with
--     `branding.login.edit` in the row's workspace AND, for a business, the latest policy of its
--     agency allowing overrides (`shell.login_override_allowed`); no update, no delete.
--   * `shell.login_screen_chain(ws)`: the latest profile of a workspace and of each of its
--     ancestors (super -> agency -> business), SECURITY DEFINER, executable by service_role
--     only. The sign-in page has no session and a business member cannot see its agency's rows
--     under RLS; the domain code calls it after its own checks (docs/tenancy-and-rls.md).
--   * `NOTIFY shell_login_screen_changed` with the workspace id on every insert (delivered at
--     commit), so the web processes' sign-in branding caches forget what changed.
-- Pre-check: 027 is applied (shell.notify_session_changed exists); 031 is not.
-- Post-check: the table, its indexes, RLS forced, the policies, the functions with an empty
--   search_path and the triggers exist; authenticated holds only SELECT and INSERT.
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.
--   031_login_screen_profiles.down.sql drops it all (the profiles are lost: staging only).

DO $$
BEGIN
  IF to_regprocedure('shell.notify_session_changed()') IS NULL THEN
    RAISE EXCEPTION '031 pre-check failed: 027_session_change_notify is not applied';
  END IF;
  IF to_regclass('public.login_screen_profiles') IS NOT NULL THEN
    RAISE EXCEPTION '031 pre-check failed: public.login_screen_profiles already exists';
  END IF;
END $$;

CREATE TABLE public.login_screen_profiles (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id) ON DELETE RESTRICT,
  version integer NOT NULL,
  -- brandingProfileSchema (sdk-contracts): only the fields the workspace sets; absent = inherited.
  profile jsonb NOT NULL,
  -- An agency's policy: may its businesses override its login screen? False elsewhere.
  allow_business_override boolean NOT NULL DEFAULT false,
  change_note text,
  created_by_user_id uuid REFERENCES public.users (id) ON DELETE RESTRICT,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT login_screen_profiles_workspace_id_version_key UNIQUE (workspace_id, version),
  CONSTRAINT login_screen_profiles_version_check CHECK (version >= 1),
  CONSTRAINT login_screen_profiles_profile_check
    CHECK (jsonb_typeof(profile) = 'object' AND pg_column_size(profile) <= 16384),
  CONSTRAINT login_screen_profiles_change_note_check
    CHECK (change_note IS NULL OR length(change_note) <= 1000)
);
CREATE INDEX login_screen_profiles_workspace_id_version_desc_idx
  ON public.login_screen_profiles (workspace_id, version DESC);
COMMENT ON TABLE public.login_screen_profiles IS
  'Versioned login-screen branding per workspace (PRD §15.1); latest version is current; rows are immutable.';

-- Only an agency has businesses to allow: the policy is refused on super and business rows.
CREATE FUNCTION shell.check_login_screen_policy_scope()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
  IF NEW.allow_business_override AND NOT EXISTS (
       SELECT 1 FROM public.workspaces w WHERE w.id = NEW.workspace_id AND w.type = 'agency') THEN
    RAISE EXCEPTION 'allow_business_override is an agency policy'
      USING ERRCODE = 'check_violation', CONSTRAINT = 'login_screen_profiles_policy_scope_check';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER login_screen_profiles_check_policy_scope
  BEFORE INSERT ON public.login_screen_profiles
  FOR EACH ROW EXECUTE FUNCTION shell.check_login_screen_policy_scope();

-- Rows are versions: never changed, whoever asks (service included). Deleting stays the
-- service's (no grant to request code), for the purge of a workspace.
CREATE FUNCTION shell.protect_login_screen_profiles()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
  RAISE EXCEPTION 'login screen profile % is immutable: save a new version instead', OLD.id
    USING ERRCODE = 'insufficient_privilege';
END
$$;
REVOKE ALL ON FUNCTION shell.protect_login_screen_profiles() FROM PUBLIC;
CREATE TRIGGER login_screen_profiles_immutable
  BEFORE UPDATE ON public.login_screen_profiles
  FOR EACH ROW EXECUTE FUNCTION shell.protect_login_screen_profiles();

-- Threat note (SECURITY DEFINER): reads the latest policy row of a business's agency, which a
-- business member cannot see under RLS. Answers only for a workspace visible to the request
-- (else null, which fails the policy), and only a boolean: no profile content leaves it.
CREATE FUNCTION shell.login_override_allowed(ws uuid)
RETURNS boolean
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $$
  SELECT CASE
           WHEN w.type <> 'business' THEN true
           ELSE coalesce((SELECT p.allow_business_override
                            FROM public.login_screen_profiles p
                           WHERE p.workspace_id = w.parent_workspace_id
                           ORDER BY p.version DESC
                           LIMIT 1), false)
         END
    FROM public.workspaces w
   WHERE w.id = ws
     AND ((SELECT shell.in_platform_scope()) OR ws = ANY ((SELECT shell.visible_workspace_ids())::uuid[]))
$$;
COMMENT ON FUNCTION shell.login_override_allowed(uuid) IS
  'RLS helper: may this (visible) workspace store its own login screen? Businesses only when their agency allows it.';
REVOKE ALL ON FUNCTION shell.login_override_allowed(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION shell.login_override_allowed(uuid) TO authenticated, service_role;

-- Threat note (SECURITY DEFINER, service_role only): returns branding that is shown to anyone
-- on the workspace's sign-in page anyway (names, colours, copy, the logo's asset id); callers
-- (packages/branding) check the actor's access to `ws` first, or resolve `ws` from a verified
-- host. Depth 0 is `ws`, 1 its parent, 2 the grandparent; a workspace without a profile comes
-- with null version and profile.
CREATE FUNCTION shell.login_screen_chain(ws uuid)
RETURNS TABLE (
  depth integer,
  workspace_id uuid,
  workspace_type text,
  workspace_name text,
  version integer,
  profile jsonb,
  allow_business_override boolean
)
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $$
  WITH RECURSIVE chain AS (
    SELECT 0 AS depth, w.id, w.type, w.name, w.parent_workspace_id
      FROM public.workspaces w WHERE w.id = ws
    UNION ALL
    SELECT c.depth + 1, p.id, p.type, p.name, p.parent_workspace_id
      FROM chain c JOIN public.workspaces p ON p.id = c.parent_workspace_id
     WHERE c.depth < 2
  )
  SELECT c.depth, c.id, c.type, c.name, l.version, l.profile, coalesce(l.allow_business_override, false)
    FROM chain c
    LEFT JOIN LATERAL (
      SELECT p.version, p.profile, p.allow_business_override
        FROM public.login_screen_profiles p
       WHERE p.workspace_id = c.id
       ORDER BY p.version DESC
       LIMIT 1
    ) l ON true
   ORDER BY c.depth
$$;
COMMENT ON FUNCTION shell.login_screen_chain(uuid) IS
  'Latest login-screen profile of a workspace and its ancestors (sign-in page, inheritance); service_role only.';
REVOKE ALL ON FUNCTION shell.login_screen_chain(uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION shell.login_screen_chain(uuid) TO service_role;

-- A saved version: the caches of every process forget the sign-in branding (of this workspace
-- and of its descendants, which inherit it).
CREATE FUNCTION shell.notify_login_screen_changed()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
  PERFORM pg_notify('shell_login_screen_changed', NEW.workspace_id::text);
  RETURN NULL;
END
$$;
REVOKE ALL ON FUNCTION shell.notify_login_screen_changed() FROM PUBLIC;
CREATE TRIGGER login_screen_profiles_notify_login_screen_cache
  AFTER INSERT ON public.login_screen_profiles
  FOR EACH ROW EXECUTE FUNCTION shell.notify_login_screen_changed();

ALTER TABLE public.login_screen_profiles ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.login_screen_profiles FORCE ROW LEVEL SECURITY;
REVOKE ALL ON public.login_screen_profiles FROM PUBLIC, anon, authenticated;
GRANT ALL ON public.login_screen_profiles TO service_role;
GRANT SELECT, INSERT ON public.login_screen_profiles TO authenticated;

CREATE POLICY login_screen_profiles_select_visible ON public.login_screen_profiles
  FOR SELECT TO authenticated
  USING ((SELECT shell.in_platform_scope())
         OR workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
CREATE POLICY login_screen_profiles_insert_with_branding_login_edit ON public.login_screen_profiles
  FOR INSERT TO authenticated
  WITH CHECK (
    workspace_id = ANY ((SELECT shell.workspaces_with_permission('branding.login.edit'))::uuid[])
    AND shell.login_override_allowed(workspace_id)
    AND (created_by_user_id IS NULL OR created_by_user_id = (SELECT shell.current_user_id()))
  );

DO $$
DECLARE
  missing text;
BEGIN
  SELECT string_agg(c, ', ') INTO missing
    FROM unnest(ARRAY['id', 'workspace_id', 'version', 'profile', 'allow_business_override', 'change_note',
                      'created_by_user_id', 'created_at']) AS c
   WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
                      WHERE attrelid = 'public.login_screen_profiles'::regclass AND attname = c AND NOT attisdropped);
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION '031 post-check failed: public.login_screen_profiles lacks columns %', missing;
  END IF;
  IF to_regclass('public.login_screen_profiles_workspace_id_version_key') IS NULL
     OR to_regclass('public.login_screen_profiles_workspace_id_version_desc_idx') IS NULL THEN
    RAISE EXCEPTION '031 post-check failed: an index of login_screen_profiles is missing';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_class WHERE oid = 'public.login_screen_profiles'::regclass
                    AND relrowsecurity AND relforcerowsecurity) THEN
    RAISE EXCEPTION '031 post-check failed: RLS is not enabled and forced on login_screen_profiles';
  END IF;
  IF (SELECT count(*) FROM pg_catalog.pg_policy WHERE polrelid = 'public.login_screen_profiles'::regclass) <> 2 THEN
    RAISE EXCEPTION '031 post-check failed: login_screen_profiles must have exactly its two policies';
  END IF;
  IF has_table_privilege('authenticated', 'public.login_screen_profiles', 'UPDATE')
     OR has_table_privilege('authenticated', 'public.login_screen_profiles', 'DELETE')
     OR has_table_privilege('anon', 'public.login_screen_profiles', 'SELECT') THEN
    RAISE EXCEPTION '031 post-check failed: login_screen_profiles grants more than SELECT, INSERT to request code';
  END IF;
  IF has_function_privilege('authenticated', 'shell.login_screen_chain(uuid)', 'EXECUTE')
     OR has_function_privilege('anon', 'shell.login_screen_chain(uuid)', 'EXECUTE') THEN
    RAISE EXCEPTION '031 post-check failed: shell.login_screen_chain must be service_role only';
  END IF;
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_proc
              WHERE oid IN ('shell.login_screen_chain(uuid)'::regprocedure, 'shell.login_override_allowed(uuid)'::regprocedure,
                            'shell.notify_login_screen_changed()'::regprocedure,
                            'shell.check_login_screen_policy_scope()'::regprocedure,
                            'shell.protect_login_screen_profiles()'::regprocedure)
                AND proconfig IS DISTINCT FROM ARRAY['search_path=""']) THEN
    RAISE EXCEPTION '031 post-check failed: a function of 031 lacks an empty search_path';
  END IF;
  IF (SELECT count(*) FROM pg_catalog.pg_trigger
       WHERE tgrelid = 'public.login_screen_profiles'::regclass AND NOT tgisinternal AND tgenabled = 'O') <> 3 THEN
    RAISE EXCEPTION '031 post-check failed: the three triggers of login_screen_profiles must exist and be enabled';
  END IF;
END $$;

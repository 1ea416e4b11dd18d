-- 027_session_change_notify.sql
-- Purpose: the web processes keep the answers of shell.resolve_session (019) in memory for a
--   few seconds (docs/identity.md "Session cache"); a cached answer must be forgotten as soon
--   as anything it was computed from changes. Triggers on every table resolve_session and
--   shell.governing_memberships read send `NOTIFY shell_session_changed` (delivered when the
--   writing transaction commits, never for a rolled-back one) with what to forget:
--   * sessions (update, delete): `session:<id>`. An update that changes nothing but
--     last_seen_at (resolve_session's own once-a-minute write) sends nothing.
--   * users (update, delete) and workspace_memberships (insert, update, delete):
--     `user:<id>` of the row's user (old and new); an update of updated_at alone sends nothing.
--   * membership_permissions (insert, update, delete): `user:<id>` of the membership's user;
--     `all` when the membership is gone (its own delete, in the same statement, sent the user).
--   * workspaces (update, delete: name, type, parent, status feed every governing check) and
--     permissions (any write: capability codes): `all`. TRUNCATE of any of the six: `all`.
--   Inserted sessions, users and workspaces send nothing: no cached answer can depend on a row
--   that did not exist (a session's token is new; every reference to a user or workspace is a
--   foreign key). A new membership or override can widen a context, so those send.
-- Pre-check: 025 is applied (shell.has_any_membership is gone) and shell.resolve_session
--   exists; 027 is not (no shell.notify_session_changed).
-- Post-check: the four trigger functions exist with an empty search_path, nobody may execute
--   them directly, and every trigger below exists and is enabled.
-- Failure handling: the runner's transaction rolls back; nothing applied; fix and re-run.
--   027_session_change_notify.down.sql drops the triggers and functions; the application's
--   session cache must be disabled with it (SESSION_CACHE_TTL_MS=0), or it would keep answers
--   nothing invalidates for its TTL.

DO $$
BEGIN
  IF to_regprocedure('shell.resolve_session(text)') IS NULL
     OR to_regprocedure('shell.has_any_membership(uuid)') IS NOT NULL THEN
    RAISE EXCEPTION '027 pre-check failed: 019 and 025 must be applied';
  END IF;
  IF to_regprocedure('shell.notify_session_changed()') IS NOT NULL THEN
    RAISE EXCEPTION '027 pre-check failed: shell.notify_session_changed exists (027 already applied?)';
  END IF;
END $$;

-- A session row: its id, unless only last_seen_at changed.
CREATE FUNCTION shell.notify_session_changed()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - 'last_seen_at') = (to_jsonb(OLD) - 'last_seen_at') THEN
    RETURN NULL;
  END IF;
  PERFORM pg_notify('shell_session_changed', 'session:' || OLD.id);
  IF TG_OP = 'UPDATE' AND NEW.id IS DISTINCT FROM OLD.id THEN
    PERFORM pg_notify('shell_session_changed', 'session:' || NEW.id);
  END IF;
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION shell.notify_session_changed() IS
  'Trigger: tells the session caches a session changed (not for a last_seen_at-only update).';

-- A row that belongs to a user: the user id in column TG_ARGV[0], old and new.
CREATE FUNCTION shell.notify_user_sessions_changed()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
DECLARE
  old_user text;
  new_user text;
BEGIN
  IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - 'updated_at') = (to_jsonb(OLD) - 'updated_at') THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    old_user := to_jsonb(OLD) ->> TG_ARGV[0];
    PERFORM pg_notify('shell_session_changed', 'user:' || old_user);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    new_user := to_jsonb(NEW) ->> TG_ARGV[0];
    IF new_user IS DISTINCT FROM old_user THEN
      PERFORM pg_notify('shell_session_changed', 'user:' || new_user);
    END IF;
  END IF;
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION shell.notify_user_sessions_changed() IS
  'Trigger: tells the session caches the sessions of a user (column TG_ARGV[0]) changed.';

-- Threat note (SECURITY DEFINER): reads workspace_memberships.user_id past RLS (the writer
-- may not see the membership) only to name the user in a notification; takes no argument,
-- returns nothing, and cannot be called other than as a trigger.
CREATE FUNCTION shell.notify_override_changed()
RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
  membership uuid;
  owner_id uuid;
BEGIN
  IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - 'updated_at') = (to_jsonb(OLD) - 'updated_at') THEN
    RETURN NULL;
  END IF;
  FOR membership IN
    SELECT DISTINCT m FROM unnest(ARRAY[
      CASE WHEN TG_OP <> 'INSERT' THEN OLD.membership_id END,
      CASE WHEN TG_OP <> 'DELETE' THEN NEW.membership_id END]) AS m
     WHERE m IS NOT NULL
  LOOP
    SELECT wm.user_id INTO owner_id FROM public.workspace_memberships wm WHERE wm.id = membership;
    -- Not found: the membership is being deleted (cascade). Forgetting everything is the
    -- answer that cannot be wrong.
    PERFORM pg_notify('shell_session_changed', coalesce('user:' || owner_id, 'all'));
  END LOOP;
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION shell.notify_override_changed() IS
  'Trigger: tells the session caches the user of a changed capability override changed.';

-- Rows every context may depend on: forget everything (not for an updated_at-only update).
CREATE FUNCTION shell.notify_all_sessions_changed()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
  IF TG_LEVEL = 'ROW' AND TG_OP = 'UPDATE'
     AND (to_jsonb(NEW) - 'updated_at') = (to_jsonb(OLD) - 'updated_at') THEN
    RETURN NULL;
  END IF;
  PERFORM pg_notify('shell_session_changed', 'all');
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION shell.notify_all_sessions_changed() IS
  'Trigger: tells the session caches to forget every cached session.';

CREATE TRIGGER sessions_notify_session_cache
  AFTER UPDATE OR DELETE ON public.sessions
  FOR EACH ROW EXECUTE FUNCTION shell.notify_session_changed();
CREATE TRIGGER users_notify_session_cache
  AFTER UPDATE OR DELETE ON public.users
  FOR EACH ROW EXECUTE FUNCTION shell.notify_user_sessions_changed('id');
CREATE TRIGGER workspace_memberships_notify_session_cache
  AFTER INSERT OR UPDATE OR DELETE ON public.workspace_memberships
  FOR EACH ROW EXECUTE FUNCTION shell.notify_user_sessions_changed('user_id');
CREATE TRIGGER membership_permissions_notify_session_cache
  AFTER INSERT OR UPDATE OR DELETE ON public.membership_permissions
  FOR EACH ROW EXECUTE FUNCTION shell.notify_override_changed();
CREATE TRIGGER workspaces_notify_session_cache
  AFTER UPDATE OR DELETE ON public.workspaces
  FOR EACH ROW EXECUTE FUNCTION shell.notify_all_sessions_changed();
CREATE TRIGGER permissions_notify_session_cache
  AFTER INSERT OR UPDATE OR DELETE ON public.permissions
  FOR EACH STATEMENT EXECUTE FUNCTION shell.notify_all_sessions_changed();

DO $$
DECLARE
  tbl text;
BEGIN
  FOREACH tbl IN ARRAY ARRAY['sessions', 'users', 'workspace_memberships',
                             'membership_permissions', 'workspaces', 'permissions'] LOOP
    EXECUTE format(
      'CREATE TRIGGER %I AFTER TRUNCATE ON public.%I FOR EACH STATEMENT EXECUTE FUNCTION shell.notify_all_sessions_changed()',
      tbl || '_truncate_notify_session_cache', tbl);
  END LOOP;
END $$;

REVOKE ALL ON FUNCTION shell.notify_session_changed(), shell.notify_user_sessions_changed(),
  shell.notify_override_changed(), shell.notify_all_sessions_changed()
  FROM PUBLIC, anon, authenticated, service_role;

DO $$
DECLARE
  fn text;
  trg text;
BEGIN
  FOREACH fn IN ARRAY ARRAY['shell.notify_session_changed()', 'shell.notify_user_sessions_changed()',
                            'shell.notify_override_changed()', 'shell.notify_all_sessions_changed()'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
                    WHERE p.oid = to_regprocedure(fn) AND p.proconfig = ARRAY['search_path=""']) THEN
      RAISE EXCEPTION '027 post-check failed: % missing or without search_path', fn;
    END IF;
    IF has_function_privilege('anon', fn, 'EXECUTE')
       OR has_function_privilege('authenticated', fn, 'EXECUTE')
       OR has_function_privilege('service_role', fn, 'EXECUTE') THEN
      RAISE EXCEPTION '027 post-check failed: % is executable outside its triggers', fn;
    END IF;
  END LOOP;
  FOREACH trg IN ARRAY ARRAY[
      'sessions_notify_session_cache', 'users_notify_session_cache',
      'workspace_memberships_notify_session_cache', 'membership_permissions_notify_session_cache',
      'workspaces_notify_session_cache', 'permissions_notify_session_cache',
      'sessions_truncate_notify_session_cache', 'users_truncate_notify_session_cache',
      'workspace_memberships_truncate_notify_session_cache',
      'membership_permissions_truncate_notify_session_cache',
      'workspaces_truncate_notify_session_cache', 'permissions_truncate_notify_session_cache'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger t
                    WHERE t.tgname = trg AND NOT t.tgisinternal AND t.tgenabled = 'O') THEN
      RAISE EXCEPTION '027 post-check failed: trigger % missing or disabled', trg;
    END IF;
  END LOOP;
END $$;

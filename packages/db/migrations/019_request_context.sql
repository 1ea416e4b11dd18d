-- 019_request_context.sql
-- Purpose: the request context of docs/identity.md as two database functions, so the auth
--   guard (every protected request) is one statement and one round trip instead of a
--   five-statement transaction, and its plans are cached per connection (PL/pgSQL) instead
--   of planned again on every request (issue 3, "Speed").
--   * shell.governing_memberships(user, workspace): the workspace and the memberships
--     through which the user governs it, each with its capability overrides as JSON. The
--     rule is the one of shell.visible_workspace_ids (017): an active user; active
--     memberships whose own workspace is active; in the workspace itself, in its parent
--     agency with agency_admin/agency_manager (the workspace a business), or in the super
--     workspace. No row when the workspace does not exist.
--   * shell.resolve_session(token_hash): the live session of a token hash (not revoked, not
--     expired, its user active) with its user, and governing_memberships of its active
--     workspace as JSON (null without one). Writes sessions.last_seen_at at most once a
--     minute, so nearly every call is a read. No row for any other hash.
--   * shell.switch_session_workspace(session, workspace, correlation id): the workspace
--     switch in one call: locks the live, not impersonating session, requires a governing
--     membership of its user in the workspace, sets the active workspace and writes the
--     `workspace.switch` audit row (from, to), all in the call's own transaction. Answers
--     `switched` with the governing_memberships row as JSON, or `forbidden` /
--     `session_invalid` having changed nothing.
-- Pre-check: 018 is applied (public.sessions exists).
-- Post-check: the three functions exist, are SECURITY DEFINER with an empty search_path, and
--   only service_role (not PUBLIC, anon or authenticated) may execute them.
-- Failure handling: the runner's transaction rolls back; nothing applied; fix and re-run.
--   019_request_context.down.sql drops the three functions (the application code that
--   calls them must be rolled back with it).

DO $$
BEGIN
  IF to_regclass('public.sessions') IS NULL THEN
    RAISE EXCEPTION '019 pre-check failed: 018_identity is not applied';
  END IF;
END $$;

-- Threat note (SECURITY DEFINER): reads users, memberships, workspaces and overrides without
-- RLS for any user and workspace it is given, so only service_role may execute it (the
-- identity package calls it inside withService, after authenticating the session).
CREATE FUNCTION shell.governing_memberships(p_user_id uuid, p_workspace_id uuid)
RETURNS TABLE (id uuid, name text, type text, parent_workspace_id uuid, status text, memberships json)
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
  WITH target AS (
    SELECT w.id, w.name, w.type, w.parent_workspace_id, w.status
      FROM public.workspaces w
     WHERE w.id = p_workspace_id
  ),
  governing AS (
    SELECT m.id, m.workspace_id, mw.type AS workspace_type, m.role_template,
           CASE WHEN m.workspace_id = t.id THEN 'member'
                WHEN mw.type = 'super' THEN 'super'
                ELSE 'parent_agency' END AS relation
      FROM target t
      JOIN public.users u ON u.id = p_user_id AND u.status = 'active'
      JOIN public.workspace_memberships m ON m.user_id = u.id AND m.active
      JOIN public.workspaces mw ON mw.id = m.workspace_id AND mw.status = 'active'
     WHERE m.workspace_id = t.id
        OR (t.type = 'business' AND m.workspace_id = t.parent_workspace_id
            AND m.role_template IN ('agency_admin', 'agency_manager'))
        OR mw.type = 'super'
  )
  SELECT t.id, t.name, t.type, t.parent_workspace_id, t.status,
         coalesce((
           SELECT json_agg(json_build_object(
                    'workspace_id', g.workspace_id,
                    'workspace_type', g.workspace_type,
                    'role_template', g.role_template,
                    'relation', g.relation,
                    'overrides', coalesce((
                      SELECT json_agg(json_build_object('capability', p.code, 'allow', mp.allow))
                        FROM public.membership_permissions mp
                        JOIN public.permissions p ON p.id = mp.permission_id
                       WHERE mp.membership_id = g.id), '[]'::json)))
             FROM governing g), '[]'::json)
    FROM target t;
END
$$;
COMMENT ON FUNCTION shell.governing_memberships(uuid, uuid) IS
  'A workspace and the memberships through which a user governs it (docs/identity.md "Request context"). Service-only.';

-- Threat note (SECURITY DEFINER): answers only for the holder of a session token (the hash
-- of a 256-bit secret); reads and touches public.sessions, which is service-only, so only
-- service_role may execute it.
CREATE FUNCTION shell.resolve_session(p_token_hash text)
RETURNS TABLE (
  id uuid, user_id uuid, active_workspace_id uuid,
  impersonation_actor_workspace_id uuid, impersonation_target_workspace_id uuid,
  impersonation_reason text, impersonation_started_at timestamptz,
  created_at timestamptz, last_seen_at timestamptz, expires_at timestamptz,
  user_agent text, ip text, email text, display_name text, status text, governing json)
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $$
#variable_conflict use_column
DECLARE
  found_id uuid;
  stale boolean;
BEGIN
  SELECT s.id, s.last_seen_at < now() - interval '1 minute' INTO found_id, stale
    FROM public.sessions s
    JOIN public.users u ON u.id = s.user_id
   WHERE s.token_hash = p_token_hash AND s.revoked_at IS NULL AND s.expires_at > now()
     AND u.status = 'active';
  IF found_id IS NULL THEN
    RETURN;
  END IF;
  IF stale THEN
    UPDATE public.sessions SET last_seen_at = now() WHERE id = found_id;
  END IF;
  RETURN QUERY
  SELECT s.id, s.user_id, s.active_workspace_id,
         s.impersonation_actor_workspace_id, s.impersonation_target_workspace_id,
         s.impersonation_reason, s.impersonation_started_at,
         s.created_at, s.last_seen_at, s.expires_at,
         s.user_agent, host(s.ip), u.email, u.display_name, u.status,
         (SELECT row_to_json(g) FROM shell.governing_memberships(s.user_id, s.active_workspace_id) g)
    FROM public.sessions s
    JOIN public.users u ON u.id = s.user_id
   WHERE s.id = found_id;
END
$$;
COMMENT ON FUNCTION shell.resolve_session(text) IS
  'The live session of a token hash with its user and request context, in one call (the auth guard). Service-only.';

-- Threat note (SECURITY DEFINER): changes any session it is given and writes audit rows, so
-- only service_role may execute it; the identity package calls it for the session its guard
-- has just authenticated. It re-checks liveness and governance under the row lock, so a
-- revocation, an impersonation start or a membership change in between is honoured.
CREATE FUNCTION shell.switch_session_workspace(
  p_session_id uuid, p_workspace_id uuid, p_correlation_id text)
RETURNS TABLE (outcome text, governing json)
LANGUAGE plpgsql
VOLATILE
SECURITY DEFINER
SET search_path = ''
AS $$
DECLARE
  session_user_id uuid;
  from_workspace_id uuid;
  target json;
BEGIN
  SELECT s.user_id, s.active_workspace_id INTO session_user_id, from_workspace_id
    FROM public.sessions s
   WHERE s.id = p_session_id AND s.revoked_at IS NULL AND s.expires_at > now()
     AND s.impersonation_target_workspace_id IS NULL
     FOR UPDATE;
  IF session_user_id IS NULL THEN
    RETURN QUERY SELECT 'session_invalid'::text, NULL::json;
    RETURN;
  END IF;
  SELECT row_to_json(g) INTO target
    FROM shell.governing_memberships(session_user_id, p_workspace_id) g;
  IF target IS NULL OR json_array_length(target -> 'memberships') = 0 THEN
    RETURN QUERY SELECT 'forbidden'::text, NULL::json;
    RETURN;
  END IF;
  UPDATE public.sessions s SET active_workspace_id = p_workspace_id WHERE s.id = p_session_id;
  INSERT INTO public.audit_logs
    (workspace_id, actor_user_id, action, target_type, target_id, metadata_json, correlation_id)
  VALUES (p_workspace_id, session_user_id, 'workspace.switch', 'workspace', p_workspace_id::text,
          jsonb_build_object('from_workspace_id', from_workspace_id, 'to_workspace_id', p_workspace_id),
          p_correlation_id);
  RETURN QUERY SELECT 'switched'::text, target;
END
$$;
COMMENT ON FUNCTION shell.switch_session_workspace(uuid, uuid, text) IS
  'POST /workspaces/switch in one call: governance check, session change and audit row together. Service-only.';

REVOKE ALL ON FUNCTION shell.governing_memberships(uuid, uuid), shell.resolve_session(text),
  shell.switch_session_workspace(uuid, uuid, text) FROM PUBLIC, anon, authenticated;
GRANT EXECUTE ON FUNCTION shell.governing_memberships(uuid, uuid), shell.resolve_session(text),
  shell.switch_session_workspace(uuid, uuid, text) TO service_role;

DO $$
DECLARE
  fn text;
BEGIN
  FOREACH fn IN ARRAY ARRAY['shell.governing_memberships(uuid,uuid)', 'shell.resolve_session(text)',
                            'shell.switch_session_workspace(uuid,uuid,text)'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
                    WHERE p.oid = to_regprocedure(fn) AND p.prosecdef
                      AND p.proconfig = ARRAY['search_path=""']) THEN
      RAISE EXCEPTION '019 post-check failed: % missing, not SECURITY DEFINER or without search_path', fn;
    END IF;
    IF has_function_privilege('anon', fn, 'EXECUTE')
       OR has_function_privilege('authenticated', fn, 'EXECUTE')
       OR NOT has_function_privilege('service_role', fn, 'EXECUTE') THEN
      RAISE EXCEPTION '019 post-check failed: % must be executable by service_role only', fn;
    END IF;
  END LOOP;
END $$;

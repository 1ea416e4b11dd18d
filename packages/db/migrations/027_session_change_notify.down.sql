-- 027_session_change_notify.down.sql
-- Purpose: undo 027: drop the triggers that notify shell_session_changed and their four
--   functions. Run it only with the application's session cache disabled
--   (SESSION_CACHE_TTL_MS=0): nothing invalidates a cached session afterwards.
-- Pre-check: 027 is applied (shell.notify_session_changed exists).
-- Post-check: none of the four functions is left (dropping them drops no trigger of another
--   migration: DROP FUNCTION without CASCADE fails while a trigger still uses one).
-- Failure handling: the runner's transaction rolls back and nothing changes; fix and re-run.

DO $$
BEGIN
  IF to_regprocedure('shell.notify_session_changed()') IS NULL THEN
    RAISE EXCEPTION '027 down pre-check failed: 027 is not applied';
  END IF;
END $$;

DROP TRIGGER sessions_notify_session_cache ON public.sessions;
DROP TRIGGER users_notify_session_cache ON public.users;
DROP TRIGGER workspace_memberships_notify_session_cache ON public.workspace_memberships;
DROP TRIGGER membership_permissions_notify_session_cache ON public.membership_permissions;
DROP TRIGGER workspaces_notify_session_cache ON public.workspaces;
DROP TRIGGER permissions_notify_session_cache ON public.permissions;
DROP TRIGGER sessions_truncate_notify_session_cache ON public.sessions;
DROP TRIGGER users_truncate_notify_session_cache ON public.users;
DROP TRIGGER workspace_memberships_truncate_notify_session_cache ON public.workspace_memberships;
DROP TRIGGER membership_permissions_truncate_notify_session_cache ON public.membership_permissions;
DROP TRIGGER workspaces_truncate_notify_session_cache ON public.workspaces;
DROP TRIGGER permissions_truncate_notify_session_cache ON public.permissions;

DROP FUNCTION shell.notify_session_changed();
DROP FUNCTION shell.notify_user_sessions_changed();
DROP FUNCTION shell.notify_override_changed();
DROP FUNCTION shell.notify_all_sessions_changed();

DO $$
BEGIN
  IF to_regprocedure('shell.notify_session_changed()') IS NOT NULL
     OR to_regprocedure('shell.notify_user_sessions_changed()') IS NOT NULL
     OR to_regprocedure('shell.notify_override_changed()') IS NOT NULL
     OR to_regprocedure('shell.notify_all_sessions_changed()') IS NOT NULL THEN
    RAISE EXCEPTION '027 down post-check failed: a notify function is left';
  END IF;
END $$;

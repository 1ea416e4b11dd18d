-- 023_platform_scope_and_list_order.down.sql
-- Purpose: undo 023: 017's shell.in_platform_scope() (not DEFINER, through
--   visible_workspace_ids), the select policies without the platform-scope short cut, the
--   old audit index (workspace_id, created_at DESC) instead of 023's list indexes. Roll the
--   application back first only if it needs the old plans; it works on both.
-- Pre-check: 023 is applied (audit_logs_created_at_id_idx exists).
-- Post-check: no policy asks in_platform_scope() first; the 023 indexes are gone and the old
--   audit index is back.
-- Failure handling: the runner's transaction rolls back and nothing changes; fix and re-run.

DO $$
BEGIN
  IF to_regclass('public.audit_logs_created_at_id_idx') IS NULL THEN
    RAISE EXCEPTION '023 down pre-check failed: 023 is not applied';
  END IF;
END $$;

ALTER POLICY ai_job_state_transitions_select_visible ON public.ai_job_state_transitions
  USING (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
ALTER POLICY ai_jobs_select_visible ON public.ai_jobs
  USING (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
ALTER POLICY billing_accounts_select_visible ON public.billing_accounts
  USING (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
ALTER POLICY branding_assets_select_visible ON public.branding_assets
  USING (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
ALTER POLICY contacts_select_visible ON public.contacts
  USING (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
ALTER POLICY credential_policies_select_visible ON public.credential_policies
  USING (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
ALTER POLICY events_select_visible ON public.events
  USING (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
ALTER POLICY integration_connections_select_visible ON public.integration_connections
  USING (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
ALTER POLICY layout_definitions_select_visible ON public.layout_definitions
  USING (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
ALTER POLICY layout_versions_select_visible ON public.layout_versions
  USING (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
ALTER POLICY membership_permissions_select_visible ON public.membership_permissions
  USING (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
ALTER POLICY module_installations_select_visible ON public.module_installations
  USING (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
ALTER POLICY navigation_profiles_select_visible ON public.navigation_profiles
  USING (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
ALTER POLICY subscriptions_select_visible ON public.subscriptions
  USING (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
ALTER POLICY themes_select_visible ON public.themes
  USING (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
ALTER POLICY workspace_domains_select_visible ON public.workspace_domains
  USING (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
ALTER POLICY workspace_feature_flags_select_visible ON public.workspace_feature_flags
  USING (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
ALTER POLICY audit_logs_select_settings_manage_or_super ON public.audit_logs
  USING (workspace_id = ANY ((SELECT shell.workspaces_with_permission('settings.manage'))::uuid[])
         OR ((SELECT shell.is_super()) AND workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[])));
ALTER POLICY users_select_self_visible_member_or_platform ON public.users
  USING (id = (SELECT shell.current_user_id())
         OR EXISTS (SELECT 1 FROM public.workspace_memberships m
                     WHERE m.user_id = users.id
                       AND m.workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]))
         OR (SELECT shell.in_platform_scope()));
ALTER POLICY workspace_memberships_select_visible_or_own ON public.workspace_memberships
  USING (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[])
         OR user_id = (SELECT shell.current_user_id()));
ALTER POLICY workspaces_select_visible ON public.workspaces
  USING (id = ANY ((SELECT shell.visible_workspace_ids())::uuid[])
         OR parent_workspace_id = ANY ((SELECT shell.workspaces_with_permission('settings.manage'))::uuid[]));

-- 017's definition; CREATE OR REPLACE cannot drop SECURITY DEFINER, ALTER FUNCTION can.
CREATE OR REPLACE FUNCTION shell.in_platform_scope()
RETURNS boolean
LANGUAGE sql
STABLE
SET search_path = ''
AS $$
  SELECT EXISTS (
    SELECT 1 FROM public.workspaces w
     WHERE w.id = shell.current_workspace_id()
       AND w.type = 'super'
       AND w.id = ANY (shell.visible_workspace_ids()))
$$;
ALTER FUNCTION shell.in_platform_scope() SECURITY INVOKER;
COMMENT ON FUNCTION shell.in_platform_scope() IS
  'The active workspace is the super workspace and the caller governs it (platform scope).';

DROP INDEX public.auth_tokens_pending_invitations_idx;
DROP INDEX public.workspace_memberships_workspace_id_created_at_id_idx;
DROP INDEX public.workspaces_children_order_idx;
DROP INDEX public.workspaces_list_order_idx;
CREATE INDEX audit_logs_workspace_id_created_at_idx ON public.audit_logs (workspace_id, created_at DESC);
DROP INDEX public.audit_logs_workspace_id_created_at_id_idx;
DROP INDEX public.audit_logs_created_at_id_idx;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = 'public' AND qual LIKE '(( SELECT shell.in_platform_scope()%') THEN
    RAISE EXCEPTION '023 down post-check failed: a policy still asks in_platform_scope() first';
  END IF;
  IF to_regclass('public.audit_logs_workspace_id_created_at_idx') IS NULL
     OR to_regclass('public.workspaces_list_order_idx') IS NOT NULL THEN
    RAISE EXCEPTION '023 down post-check failed: indexes not restored';
  END IF;
  IF (SELECT prosecdef FROM pg_proc WHERE oid = 'shell.in_platform_scope()'::regprocedure) THEN
    RAISE EXCEPTION '023 down post-check failed: in_platform_scope() is still SECURITY DEFINER';
  END IF;
END $$;

-- 023_platform_scope_and_list_order.sql
-- Purpose: reads whose cost does not grow with the number of tenants.
--   * shell.in_platform_scope() (017) asked visible_workspace_ids() whether the super
--     workspace is visible, which for a super member acting as the platform builds an array
--     of every workspace. It now answers from the caller's own memberships (SECURITY DEFINER,
--     the governing rule of visible_workspace_ids for an active workspace of type super:
--     an active user with an active membership in an active workspace that is this one or
--     of type super), so it never lists workspaces.
--   * Every SELECT policy that compared rows against visible_workspace_ids() (an array of
--     every workspace in platform scope, searched linearly per row: 1M audit rows x 22k ids)
--     first asks (SELECT shell.in_platform_scope()), an initPlan evaluated once per
--     statement: in platform scope the row is visible (visible_workspace_ids() is then every
--     workspace, so the rows are the same), and the array is never built. Outside platform
--     scope the policy is the old one. users' policy asks it first too.
--   * Indexes that supply the order of the paged lists: the audit trail newest first
--     (created_at, id) overall and per workspace (replacing (workspace_id, created_at)),
--     workspaces by type rank, lower(name), id overall and under a parent, memberships of a
--     workspace by (created_at, id), a workspace's pending invitations newest first.
-- Pre-check: 022 is applied (error-envelope 1.1.0 exists); the policies to change exist with
--   their 017/012/015 text; none of the new indexes exists.
-- Post-check: in_platform_scope is SECURITY DEFINER with an empty search_path; every SELECT
--   policy that reads visible_workspace_ids() asks in_platform_scope() first; the indexes
--   exist and are valid.
-- Failure handling: the runner's transaction rolls back; nothing applied; fix and re-run.
--   023_platform_scope_and_list_order.down.sql restores 017's function, the policies and the
--   old audit index.

DO $$
DECLARE
  missing text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM public.sdk_contract_versions
                  WHERE contract_name = 'error-envelope' AND semver = '1.1.0') THEN
    RAISE EXCEPTION '023 pre-check failed: 022_error_envelope_payload_too_large is not applied';
  END IF;
  SELECT string_agg(t, ', ') INTO missing
    FROM unnest(ARRAY['ai_job_state_transitions', 'ai_jobs', 'billing_accounts', 'branding_assets',
                      'contacts', 'credential_policies', 'events', 'integration_connections',
                      'layout_definitions', 'layout_versions', 'membership_permissions',
                      'module_installations', 'navigation_profiles', 'subscriptions', 'themes',
                      'workspace_domains', 'workspace_feature_flags']) AS t
   WHERE NOT EXISTS (SELECT 1 FROM pg_policies p
                      WHERE p.schemaname = 'public' AND p.tablename = t
                        AND p.policyname = t || '_select_visible'
                        AND p.qual NOT LIKE '%in_platform_scope%');
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION '023 pre-check failed: select policies missing or already changed: %', missing;
  END IF;
  IF to_regclass('public.audit_logs_created_at_id_idx') IS NOT NULL
     OR to_regclass('public.workspaces_list_order_idx') IS NOT NULL THEN
    RAISE EXCEPTION '023 pre-check failed: 023 indexes already exist (023 already applied?)';
  END IF;
END $$;

-- Threat note (SECURITY DEFINER): reads users, memberships and workspaces without RLS, so the
-- policies that call it do not recurse. It takes no arguments and answers only about the
-- caller's own claims (sub, workspace_id): a forged workspace_id without a governing
-- membership answers false.
CREATE OR REPLACE FUNCTION shell.in_platform_scope()
RETURNS boolean
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $$
  SELECT EXISTS (
    SELECT 1
      FROM public.workspaces a
      JOIN public.users u ON u.id = shell.current_user_id() AND u.status = 'active'
      JOIN public.workspace_memberships m ON m.user_id = u.id AND m.active
      JOIN public.workspaces mw ON mw.id = m.workspace_id AND mw.status = 'active'
     WHERE a.id = shell.current_workspace_id()
       AND a.type = 'super'
       AND (m.workspace_id = a.id OR mw.type = 'super'))
$$;
COMMENT ON FUNCTION shell.in_platform_scope() IS
  'The active workspace is the super workspace and the caller governs it (platform scope); reads memberships, never lists workspaces.';

ALTER POLICY ai_job_state_transitions_select_visible ON public.ai_job_state_transitions
  USING ((SELECT shell.in_platform_scope()) OR workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
ALTER POLICY ai_jobs_select_visible ON public.ai_jobs
  USING ((SELECT shell.in_platform_scope()) OR workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
ALTER POLICY billing_accounts_select_visible ON public.billing_accounts
  USING ((SELECT shell.in_platform_scope()) OR workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
ALTER POLICY branding_assets_select_visible ON public.branding_assets
  USING ((SELECT shell.in_platform_scope()) OR workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
ALTER POLICY contacts_select_visible ON public.contacts
  USING ((SELECT shell.in_platform_scope()) OR workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
ALTER POLICY credential_policies_select_visible ON public.credential_policies
  USING ((SELECT shell.in_platform_scope()) OR workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
ALTER POLICY events_select_visible ON public.events
  USING ((SELECT shell.in_platform_scope()) OR workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
ALTER POLICY integration_connections_select_visible ON public.integration_connections
  USING ((SELECT shell.in_platform_scope()) OR workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
ALTER POLICY layout_definitions_select_visible ON public.layout_definitions
  USING ((SELECT shell.in_platform_scope()) OR workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
ALTER POLICY layout_versions_select_visible ON public.layout_versions
  USING ((SELECT shell.in_platform_scope()) OR workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
ALTER POLICY membership_permissions_select_visible ON public.membership_permissions
  USING ((SELECT shell.in_platform_scope()) OR workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
ALTER POLICY module_installations_select_visible ON public.module_installations
  USING ((SELECT shell.in_platform_scope()) OR workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
ALTER POLICY navigation_profiles_select_visible ON public.navigation_profiles
  USING ((SELECT shell.in_platform_scope()) OR workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
ALTER POLICY subscriptions_select_visible ON public.subscriptions
  USING ((SELECT shell.in_platform_scope()) OR workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
ALTER POLICY themes_select_visible ON public.themes
  USING ((SELECT shell.in_platform_scope()) OR workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
ALTER POLICY workspace_domains_select_visible ON public.workspace_domains
  USING ((SELECT shell.in_platform_scope()) OR workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
ALTER POLICY workspace_feature_flags_select_visible ON public.workspace_feature_flags
  USING ((SELECT shell.in_platform_scope()) OR workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
ALTER POLICY audit_logs_select_settings_manage_or_super ON public.audit_logs
  USING ((SELECT shell.in_platform_scope())
         OR workspace_id = ANY ((SELECT shell.workspaces_with_permission('settings.manage'))::uuid[])
         OR ((SELECT shell.is_super()) AND workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[])));
ALTER POLICY users_select_self_visible_member_or_platform ON public.users
  USING ((SELECT shell.in_platform_scope())
         OR id = (SELECT shell.current_user_id())
         OR EXISTS (SELECT 1 FROM public.workspace_memberships m
                     WHERE m.user_id = users.id
                       AND m.workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[])));
ALTER POLICY workspace_memberships_select_visible_or_own ON public.workspace_memberships
  USING ((SELECT shell.in_platform_scope())
         OR workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[])
         OR user_id = (SELECT shell.current_user_id()));
ALTER POLICY workspaces_select_visible ON public.workspaces
  USING ((SELECT shell.in_platform_scope())
         OR id = ANY ((SELECT shell.visible_workspace_ids())::uuid[])
         OR parent_workspace_id = ANY ((SELECT shell.workspaces_with_permission('settings.manage'))::uuid[]));

-- The audit trail, newest first: overall (platform scope) and per workspace.
CREATE INDEX audit_logs_created_at_id_idx ON public.audit_logs (created_at DESC, id DESC);
CREATE INDEX audit_logs_workspace_id_created_at_id_idx
  ON public.audit_logs (workspace_id, created_at DESC, id DESC);
DROP INDEX public.audit_logs_workspace_id_created_at_idx;
-- Workspaces: super, agencies, businesses, then by name (GET /workspaces), and a parent's children.
CREATE INDEX workspaces_list_order_idx
  ON public.workspaces (array_position(ARRAY['super', 'agency', 'business'], type), lower(name), id);
CREATE INDEX workspaces_children_order_idx
  ON public.workspaces (parent_workspace_id, array_position(ARRAY['super', 'agency', 'business'], type), lower(name), id);
-- The memberships of a workspace, oldest first (GET /memberships).
CREATE INDEX workspace_memberships_workspace_id_created_at_id_idx
  ON public.workspace_memberships (workspace_id, created_at, id);
-- A workspace's pending invitations, newest first (GET /invitations); no index had workspace_id.
CREATE INDEX auth_tokens_pending_invitations_idx
  ON public.auth_tokens (workspace_id, created_at DESC, id DESC)
  WHERE purpose = 'invitation' AND used_at IS NULL;

DO $$
DECLARE
  unchanged text;
  missing text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_proc
                  WHERE oid = 'shell.in_platform_scope()'::regprocedure
                    AND prosecdef AND proconfig = ARRAY['search_path=""']) THEN
    RAISE EXCEPTION '023 post-check failed: shell.in_platform_scope() is not SECURITY DEFINER with search_path ''''';
  END IF;
  SELECT string_agg(tablename || '.' || policyname, ', ') INTO unchanged
    FROM pg_policies
   WHERE schemaname = 'public' AND cmd = 'SELECT'
     AND qual LIKE '%visible_workspace_ids%'
     AND qual NOT LIKE '(( SELECT shell.in_platform_scope()%';
  IF unchanged IS NOT NULL THEN
    RAISE EXCEPTION '023 post-check failed: select policies that do not ask in_platform_scope() first: %', unchanged;
  END IF;
  SELECT string_agg(i, ', ') INTO missing
    FROM unnest(ARRAY['audit_logs_created_at_id_idx', 'audit_logs_workspace_id_created_at_id_idx',
                      'workspaces_list_order_idx', 'workspaces_children_order_idx',
                      'workspace_memberships_workspace_id_created_at_id_idx',
                      'auth_tokens_pending_invitations_idx']) AS i
   WHERE NOT EXISTS (SELECT 1 FROM pg_index x
                      WHERE x.indexrelid = to_regclass('public.' || i) AND x.indisvalid);
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION '023 post-check failed: indexes missing or invalid: %', missing;
  END IF;
END $$;

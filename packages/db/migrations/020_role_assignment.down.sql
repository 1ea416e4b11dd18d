-- 020_role_assignment.down.sql
-- Purpose: undo 020 for staging validation: restore 017's helpers (platform users manager
--   exempt from the capability rule, scope over every membership) and policies, drop
--   shell.has_any_membership, auth_tokens.role_template (and the email_change_cancel tokens)
--   and workspace_memberships.governs_account.
--   Memberships accepted by existing accounts then govern their accounts again.
-- Pre-check: 020 is applied (workspace_memberships.governs_account exists).
-- Post-check: the columns and shell.has_any_membership are gone; 017's policies exist again.
-- Failure handling: the runner's transaction rolls back and nothing changes; fix and re-run.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                  WHERE table_schema = 'public' AND table_name = 'workspace_memberships'
                    AND column_name = 'governs_account') THEN
    RAISE EXCEPTION '020 down pre-check failed: 020 is not applied';
  END IF;
END $$;

DROP POLICY workspace_memberships_insert_new_account_with_users_invite_and_role ON public.workspace_memberships;
CREATE POLICY workspace_memberships_insert_with_users_invite_and_role ON public.workspace_memberships
  FOR INSERT TO authenticated
  WITH CHECK (
    workspace_id = ANY ((SELECT shell.workspaces_with_permission('users.invite'))::uuid[])
    AND user_id IS DISTINCT FROM (SELECT shell.current_user_id())
    AND shell.can_assign_role(workspace_id, role_template)
  );

DROP POLICY users_update_self_or_manageable ON public.users;
CREATE POLICY users_update_self_users_manage_or_platform ON public.users
  FOR UPDATE TO authenticated
  USING (
    (id = (SELECT shell.current_user_id()) AND status = 'active')
    OR (id IS DISTINCT FROM (SELECT shell.current_user_id()) AND shell.can_manage_user(id))
    OR (id IS DISTINCT FROM (SELECT shell.current_user_id())
        AND (SELECT shell.in_platform_scope()) AND (SELECT shell.has_platform_permission('users.manage')))
  )
  WITH CHECK (
    (id = (SELECT shell.current_user_id()) AND status = 'active')
    OR (id IS DISTINCT FROM (SELECT shell.current_user_id()) AND shell.can_manage_user(id))
    OR (id IS DISTINCT FROM (SELECT shell.current_user_id())
        AND (SELECT shell.in_platform_scope()) AND (SELECT shell.has_platform_permission('users.manage')))
  );

DROP FUNCTION shell.has_any_membership(uuid);

CREATE OR REPLACE FUNCTION shell.can_manage_user(target_user_id uuid)
RETURNS boolean
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $$
  WITH allowed AS MATERIALIZED (SELECT shell.workspaces_with_permission('users.manage') AS ids)
  SELECT EXISTS (SELECT 1 FROM public.workspace_memberships m WHERE m.user_id = target_user_id)
     AND NOT EXISTS (
           SELECT 1
             FROM public.workspace_memberships m, allowed
            WHERE m.user_id = target_user_id
              AND NOT (m.workspace_id = ANY (allowed.ids)))
$$;
COMMENT ON FUNCTION shell.can_manage_user(uuid) IS
  'users.manage covers every workspace the target user belongs to (users are global rows).';

CREATE OR REPLACE FUNCTION shell.can_grant_permission(ws uuid, permission uuid)
RETURNS boolean
LANGUAGE sql
STABLE
SET search_path = ''
AS $$
  SELECT shell.has_platform_permission('users.manage')
      OR shell.holds_all_capabilities(ws, ARRAY[(SELECT p.code FROM public.permissions p WHERE p.id = permission)])
$$;
COMMENT ON FUNCTION shell.can_grant_permission(uuid, uuid) IS
  'The caller may grant the capability with id permission in ws: holds it there, or platform users.manage.';

CREATE OR REPLACE FUNCTION shell.can_assign_role(ws uuid, role_code text)
RETURNS boolean
LANGUAGE sql
STABLE
SET search_path = ''
AS $$
  SELECT shell.has_platform_permission('users.manage')
      OR (EXISTS (SELECT 1 FROM public.roles r WHERE r.code = role_code)
          AND shell.holds_all_capabilities(ws, ARRAY(
                SELECT p.code
                  FROM public.roles r
                  JOIN public.role_permissions rp ON rp.role_id = r.id
                  JOIN public.permissions p ON p.id = rp.permission_id
                 WHERE r.code = role_code)))
$$;
COMMENT ON FUNCTION shell.can_assign_role(uuid, text) IS
  'The caller may assign role_code in ws: holds all its capabilities there, or platform users.manage.';

CREATE OR REPLACE FUNCTION shell.holds_all_capabilities(ws uuid, caps text[])
RETURNS boolean
LANGUAGE sql
STABLE
SET search_path = ''
AS $$
  SELECT ws IS NOT NULL AND caps IS NOT NULL
     AND NOT EXISTS (
           SELECT 1 FROM pg_catalog.unnest(caps) AS c(cap)
            WHERE c.cap IS NULL OR NOT (ws = ANY (shell.workspaces_with_permission(c.cap))))
$$;
COMMENT ON FUNCTION shell.holds_all_capabilities(uuid, text[]) IS
  'The caller holds every capability of caps in workspace ws (effective: claimed and granted).';

DELETE FROM public.auth_tokens WHERE purpose = 'email_change_cancel';
ALTER TABLE public.auth_tokens
  DROP CONSTRAINT auth_tokens_purpose_check,
  ADD CONSTRAINT auth_tokens_purpose_check CHECK (purpose IN ('invitation', 'password_reset', 'email_verification'));
ALTER TABLE public.auth_tokens DROP COLUMN role_template;
ALTER TABLE public.workspace_memberships DROP COLUMN governs_account;
-- Revoking the table privilege revokes 020's column privileges with it.
REVOKE INSERT ON public.workspace_memberships FROM authenticated;
GRANT INSERT ON public.workspace_memberships TO authenticated;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM information_schema.columns
              WHERE table_schema = 'public'
                AND ((table_name = 'workspace_memberships' AND column_name = 'governs_account')
                  OR (table_name = 'auth_tokens' AND column_name = 'role_template')))
     OR to_regprocedure('shell.has_any_membership(uuid)') IS NOT NULL THEN
    RAISE EXCEPTION '020 down post-check failed: a column or shell.has_any_membership is still there';
  END IF;
END $$;

-- 024_account_rank_invited_email.down.sql
-- Purpose: undo 024: 020's shell.can_manage_user (rank over the memberships the caller sees,
--   roles only) and no auth_tokens.invited_email. Staging validation only: it reopens the
--   takeover of an account through a guest membership or an allow override.
-- Pre-check: 024 is applied (auth_tokens.invited_email exists).
-- Post-check: the column is gone; can_manage_user no longer reads membership_permissions.
-- Failure handling: the runner's transaction rolls back and nothing changes; fix and re-run.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                  WHERE table_schema = 'public' AND table_name = 'auth_tokens'
                    AND column_name = 'invited_email') THEN
    RAISE EXCEPTION '024 down pre-check failed: 024 is not applied';
  END IF;
END $$;

ALTER TABLE public.auth_tokens DROP COLUMN invited_email;

CREATE OR REPLACE FUNCTION shell.can_manage_user(target_user_id uuid)
RETURNS boolean
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $$
  WITH allowed AS MATERIALIZED (SELECT shell.workspaces_with_permission('users.manage') AS ids),
  visible AS MATERIALIZED (SELECT shell.visible_workspace_ids() AS ids)
  SELECT (
           (SELECT shell.in_platform_scope()) AND (SELECT shell.has_platform_permission('users.manage'))
           OR (EXISTS (SELECT 1 FROM public.workspace_memberships m
                        WHERE m.user_id = target_user_id AND m.governs_account)
               AND NOT EXISTS (
                     SELECT 1
                       FROM public.workspace_memberships m, allowed
                      WHERE m.user_id = target_user_id AND m.governs_account
                        AND NOT (m.workspace_id = ANY (allowed.ids))))
         )
     AND NOT EXISTS (
           SELECT 1
             FROM public.workspace_memberships m, visible
            WHERE m.user_id = target_user_id
              AND m.workspace_id = ANY (visible.ids)
              AND NOT shell.can_assign_role(m.workspace_id, m.role_template))
$$;
COMMENT ON FUNCTION shell.can_manage_user(uuid) IS
  'The caller may act on the account: users.manage over every workspace that governs it (or platform scope with platform users.manage), and may assign every role it holds in the workspaces the caller sees.';

DO $$
BEGIN
  IF pg_get_functiondef('shell.can_manage_user(uuid)'::regprocedure) LIKE '%membership_permissions%' THEN
    RAISE EXCEPTION '024 down post-check failed: can_manage_user still reads membership_permissions';
  END IF;
END $$;

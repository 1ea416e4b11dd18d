-- 024_account_rank_invited_email.sql
-- Purpose: nobody acts on an account that outranks them in ANY of its memberships, and a
--   pending invitation names the address it was sent to (docs/identity.md "Scope rules",
--   "Invitations").
--   * shell.can_manage_user(user): the scope clause is 020's (the memberships that govern the
--     account). The rank clause now counts EVERY membership of the user, guest ones (accepted
--     invitations, governs_account = false) included, and everything each holds: its role
--     template's capabilities PLUS its allow overrides. Each must be grantable by the caller,
--     judged in the membership's workspace when the caller sees it, otherwise in the caller's
--     active workspace. 020 skipped the memberships the caller could not see and ignored
--     overrides, so a business admin could suspend, re-address or reset an account that had
--     accepted agency_admin or super_admin elsewhere, or a business_user holding
--     billing.manage (account takeover). Same rule as canAssignEveryRole (packages/permissions).
--   * auth_tokens.invited_email: the address an invitation was sent to (lower-case, trimmed,
--     as users.email), listed with the pending invitation instead of the account's CURRENT
--     address, which may have changed since and belongs to the account, not to the inviter.
--     Backfilled from users.email for the invitations pending now.
-- Pre-check: 023 is applied (audit_logs_created_at_id_idx exists) and 024 is not
--   (auth_tokens.invited_email does not exist).
-- Post-check: every invitation token has its address and only invitation tokens have one;
--   can_manage_user reads membership_permissions.
-- Failure handling: the runner's transaction rolls back; nothing applied; fix and re-run.
--   Forward-only in production (PRD §12.6). 024_account_rank_invited_email.down.sql restores
--   020's can_manage_user and drops the column, for staging validation only.

DO $$
BEGIN
  IF to_regclass('public.audit_logs_created_at_id_idx') IS NULL THEN
    RAISE EXCEPTION '024 pre-check failed: 023_platform_scope_and_list_order is not applied';
  END IF;
  IF EXISTS (SELECT 1 FROM information_schema.columns
              WHERE table_schema = 'public' AND table_name = 'auth_tokens'
                AND column_name = 'invited_email') THEN
    RAISE EXCEPTION '024 pre-check failed: auth_tokens.invited_email exists (024 already applied?)';
  END IF;
END $$;

ALTER TABLE public.auth_tokens ADD COLUMN invited_email text;
COMMENT ON COLUMN public.auth_tokens.invited_email IS
  'The address an invitation was sent to (lower-case, trimmed); the pending list shows it, never the account''s current address.';
UPDATE public.auth_tokens t
   SET invited_email = u.email
  FROM public.users u
 WHERE t.purpose = 'invitation' AND u.id = t.user_id;
ALTER TABLE public.auth_tokens
  ADD CONSTRAINT auth_tokens_invited_email_check
    CHECK ((purpose = 'invitation') = (invited_email IS NOT NULL)),
  ADD CONSTRAINT auth_tokens_invited_email_format_check
    CHECK (invited_email IS NULL OR invited_email = lower(btrim(invited_email)));

-- Threat note (SECURITY DEFINER): reads the target user's memberships and their overrides
-- without RLS, because memberships outside the caller's scope must count against it.
-- Returns only a boolean about the caller's own authority; no membership data leaves the
-- function. The capabilities compared are the caller's own (holds_all_capabilities: claims
-- and grants), in a workspace it sees or else in its active one.
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
              AND NOT shell.holds_all_capabilities(
                    CASE WHEN m.workspace_id = ANY (visible.ids) THEN m.workspace_id
                         ELSE shell.current_workspace_id() END,
                    ARRAY(SELECT p.code
                            FROM public.roles r
                            JOIN public.role_permissions rp ON rp.role_id = r.id
                            JOIN public.permissions p ON p.id = rp.permission_id
                           WHERE r.code = m.role_template
                          UNION
                          SELECT p.code
                            FROM public.membership_permissions mp
                            JOIN public.permissions p ON p.id = mp.permission_id
                           WHERE mp.membership_id = m.id AND mp.allow)))
$$;
COMMENT ON FUNCTION shell.can_manage_user(uuid) IS
  'The caller may act on the account: users.manage over every workspace that governs it (or platform scope with platform users.manage), and it holds everything every membership of the user holds (role and allow overrides), in that workspace when it sees it, else in its active one.';

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM public.auth_tokens
              WHERE (purpose = 'invitation') <> (invited_email IS NOT NULL)) THEN
    RAISE EXCEPTION '024 post-check failed: an invitation token without its address';
  END IF;
  IF pg_get_functiondef('shell.can_manage_user(uuid)'::regprocedure) NOT LIKE '%membership_permissions%' THEN
    RAISE EXCEPTION '024 post-check failed: can_manage_user ignores allow overrides';
  END IF;
END $$;

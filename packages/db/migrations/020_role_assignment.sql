-- 020_role_assignment.sql
-- Purpose: nobody grants more than they hold, nobody acts on an account above their own
--   rights, and an existing account joins another workspace only by accepting an invitation
--   (docs/identity.md "Scope rules", "Invitations").
--   * shell.holds_all_capabilities(ws, caps): a capability also counts as held through an
--     implication (impersonation.super.start covers impersonation.agency_business.start),
--     the table CAPABILITY_IMPLICATIONS of packages/permissions.
--   * shell.can_assign_role / shell.can_grant_permission: the capability rule applies to
--     everyone; the platform users manager (super with users.manage) is no longer exempt,
--     so a super_manager cannot hand out agency_admin or billing.manage.
--   * workspace_memberships.governs_account: whether the membership's workspace governs the
--     user's account (status, email, password, profile). False for a membership an existing
--     account accepted by invitation, so accepting takes no control away from the
--     workspaces that already governed the account and gives the inviter none.
--   * shell.can_manage_user(user): the scope rule over the memberships that govern the
--     account (or platform scope with platform users.manage), AND the caller may assign every
--     role the user holds in the workspaces the caller can see. The users update policy
--     uses it alone (its platform branch moved into the function).
--   * shell.has_any_membership(user): authenticated inserts a membership only for a user
--     without any (the invitation of a new address), so adding a member never takes control
--     away from the workspaces that govern an account; an existing account is added by the
--     service when it accepts its invitation. Only the service may set governs_account.
--   * auth_tokens.role_template: the role an invitation grants when accepted; backfilled
--     from the membership of existing invitation tokens (tokens without one are deleted:
--     they could not be accepted into anything).
--   * auth_tokens purpose `email_change_cancel`: the link mailed to the OLD address of an
--     email change, which cancels it while it is pending.
-- Pre-check: 019 is applied (shell.resolve_session exists) and 020 is not
--   (workspace_memberships.governs_account does not exist).
-- Post-check: the columns exist; every invitation token names a role; authenticated cannot
--   insert or update governs_account; the helpers answer without the platform exemption.
-- Failure handling: the runner's transaction rolls back; nothing applied; fix and re-run.
--   Forward-only in production (PRD §12.6). 020_role_assignment.down.sql restores 017's
--   helpers and policies and drops the two columns, for staging validation only.

DO $$
BEGIN
  IF to_regprocedure('shell.resolve_session(text)') IS NULL THEN
    RAISE EXCEPTION '020 pre-check failed: 019_request_context is not applied';
  END IF;
  IF EXISTS (SELECT 1 FROM information_schema.columns
              WHERE table_schema = 'public' AND table_name = 'workspace_memberships'
                AND column_name = 'governs_account') THEN
    RAISE EXCEPTION '020 pre-check failed: workspace_memberships.governs_account exists (020 already applied?)';
  END IF;
END $$;

ALTER TABLE public.workspace_memberships
  ADD COLUMN governs_account boolean NOT NULL DEFAULT true;
COMMENT ON COLUMN public.workspace_memberships.governs_account IS
  'Whether this workspace governs the user''s account (status, email, password). False when an existing account accepted an invitation. Set by the service only.';

-- Authenticated may insert every column but governs_account (so it is always true there,
-- and only for a new account, see the insert policy).
REVOKE INSERT ON public.workspace_memberships FROM authenticated;
GRANT INSERT (id, workspace_id, user_id, role_template, active, invited_by_user_id, created_at, updated_at)
  ON public.workspace_memberships TO authenticated;

ALTER TABLE public.auth_tokens ADD COLUMN role_template text REFERENCES public.roles (code) ON DELETE RESTRICT;
COMMENT ON COLUMN public.auth_tokens.role_template IS 'The role an invitation grants in workspace_id when accepted.';
UPDATE public.auth_tokens t
   SET role_template = m.role_template
  FROM public.workspace_memberships m
 WHERE t.purpose = 'invitation' AND m.user_id = t.user_id AND m.workspace_id = t.workspace_id;
DELETE FROM public.auth_tokens WHERE purpose = 'invitation' AND role_template IS NULL;
ALTER TABLE public.auth_tokens
  DROP CONSTRAINT auth_tokens_purpose_check,
  ADD CONSTRAINT auth_tokens_purpose_check
    CHECK (purpose IN ('invitation', 'password_reset', 'email_verification', 'email_change_cancel'));
ALTER TABLE public.auth_tokens
  ADD CONSTRAINT auth_tokens_role_template_check CHECK ((purpose = 'invitation') = (role_template IS NOT NULL));

-- Threat note: answers only whether the CALLER holds every capability of `caps` in `ws`
-- (claims ∩ database, as workspaces_with_permission computes it), directly or through an
-- implication of the fixed list below (the TypeScript CAPABILITY_IMPLICATIONS); it reveals
-- nothing about other users. An unknown or null capability is never held.
CREATE OR REPLACE FUNCTION shell.holds_all_capabilities(ws uuid, caps text[])
RETURNS boolean
LANGUAGE sql
STABLE
SET search_path = ''
AS $$
  SELECT ws IS NOT NULL AND caps IS NOT NULL
     AND NOT EXISTS (
           SELECT 1 FROM pg_catalog.unnest(caps) AS c(cap)
            WHERE c.cap IS NULL
               OR NOT (ws = ANY (shell.workspaces_with_permission(c.cap))
                       OR EXISTS (
                            SELECT 1
                              FROM (VALUES ('impersonation.super.start', 'impersonation.agency_business.start'))
                                   AS i(implier, implied)
                             WHERE i.implied = c.cap
                               AND ws = ANY (shell.workspaces_with_permission(i.implier)))))
$$;
COMMENT ON FUNCTION shell.holds_all_capabilities(uuid, text[]) IS
  'The caller holds every capability of caps in workspace ws (effective: claimed and granted), implications included.';

-- Threat note: a writer may hand out a role template only if it holds every capability of
-- that role in `ws`; nobody is exempt, so no one promotes anyone above their own rights.
CREATE OR REPLACE FUNCTION shell.can_assign_role(ws uuid, role_code text)
RETURNS boolean
LANGUAGE sql
STABLE
SET search_path = ''
AS $$
  SELECT EXISTS (SELECT 1 FROM public.roles r WHERE r.code = role_code)
     AND shell.holds_all_capabilities(ws, ARRAY(
           SELECT p.code
             FROM public.roles r
             JOIN public.role_permissions rp ON rp.role_id = r.id
             JOIN public.permissions p ON p.id = rp.permission_id
            WHERE r.code = role_code))
$$;
COMMENT ON FUNCTION shell.can_assign_role(uuid, text) IS
  'The caller may assign role_code in ws: it holds all the role''s capabilities there (implications included).';

-- Threat note: as can_assign_role, for one capability (an allow override, or removing a
-- deny override). An unknown permission id is never grantable.
CREATE OR REPLACE FUNCTION shell.can_grant_permission(ws uuid, permission uuid)
RETURNS boolean
LANGUAGE sql
STABLE
SET search_path = ''
AS $$
  SELECT shell.holds_all_capabilities(ws, ARRAY[(SELECT p.code FROM public.permissions p WHERE p.id = permission)])
$$;
COMMENT ON FUNCTION shell.can_grant_permission(uuid, uuid) IS
  'The caller may grant the capability with id permission in ws: it holds it there (implications included).';

-- Threat note (SECURITY DEFINER): reads the target user's memberships without RLS, because
-- memberships outside the caller's scope must count against it. Returns only a boolean
-- about the caller's own authority; no membership data leaves the function.
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

-- Threat note (SECURITY DEFINER): reads whether a user has any membership, past RLS (a
-- membership in another tenant must count); answers one boolean about a user id the caller
-- already names, used by the membership insert policy so an account that belongs somewhere
-- is never added without accepting an invitation.
CREATE FUNCTION shell.has_any_membership(target_user_id uuid)
RETURNS boolean
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $$
  SELECT EXISTS (SELECT 1 FROM public.workspace_memberships m WHERE m.user_id = target_user_id)
$$;
COMMENT ON FUNCTION shell.has_any_membership(uuid) IS
  'The user has a membership somewhere; authenticated adds only users without one (new addresses).';
REVOKE ALL ON FUNCTION shell.has_any_membership(uuid) FROM PUBLIC, anon;
GRANT EXECUTE ON FUNCTION shell.has_any_membership(uuid) TO authenticated, service_role;

DROP POLICY users_update_self_users_manage_or_platform ON public.users;
CREATE POLICY users_update_self_or_manageable ON public.users
  FOR UPDATE TO authenticated
  USING (
    (id = (SELECT shell.current_user_id()) AND status = 'active')
    OR (id IS DISTINCT FROM (SELECT shell.current_user_id()) AND shell.can_manage_user(id))
  )
  WITH CHECK (
    (id = (SELECT shell.current_user_id()) AND status = 'active')
    OR (id IS DISTINCT FROM (SELECT shell.current_user_id()) AND shell.can_manage_user(id))
  );

DROP POLICY workspace_memberships_insert_with_users_invite_and_role ON public.workspace_memberships;
CREATE POLICY workspace_memberships_insert_new_account_with_users_invite_and_role ON public.workspace_memberships
  FOR INSERT TO authenticated
  WITH CHECK (
    workspace_id = ANY ((SELECT shell.workspaces_with_permission('users.invite'))::uuid[])
    AND user_id IS DISTINCT FROM (SELECT shell.current_user_id())
    AND shell.can_assign_role(workspace_id, role_template)
    AND NOT shell.has_any_membership(user_id)
  );

DO $$
DECLARE
  probe text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                  WHERE table_schema = 'public' AND table_name = 'auth_tokens' AND column_name = 'role_template') THEN
    RAISE EXCEPTION '020 post-check failed: auth_tokens.role_template missing';
  END IF;
  IF has_column_privilege('authenticated', 'public.workspace_memberships', 'governs_account', 'INSERT')
     OR has_column_privilege('authenticated', 'public.workspace_memberships', 'governs_account', 'UPDATE') THEN
    RAISE EXCEPTION '020 post-check failed: authenticated may write workspace_memberships.governs_account';
  END IF;
  SELECT pg_get_functiondef('shell.can_assign_role(uuid,text)'::regprocedure) INTO probe;
  IF probe LIKE '%has_platform_permission%' THEN
    RAISE EXCEPTION '020 post-check failed: can_assign_role still exempts the platform users manager';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policies
                  WHERE schemaname = 'public' AND tablename = 'workspace_memberships'
                    AND policyname = 'workspace_memberships_insert_new_account_with_users_invite_and_role')
     OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policies
                     WHERE schemaname = 'public' AND tablename = 'users'
                       AND policyname = 'users_update_self_or_manageable') THEN
    RAISE EXCEPTION '020 post-check failed: a policy is missing';
  END IF;
END $$;

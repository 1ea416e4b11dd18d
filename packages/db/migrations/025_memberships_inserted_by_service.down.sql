-- 025_memberships_inserted_by_service.down.sql
-- Purpose: undo 025: 020's shell.has_any_membership, the column-level INSERT grant of
--   workspace_memberships to authenticated (every column but governs_account) and the policy
--   workspace_memberships_insert_new_account_with_users_invite_and_role. Staging validation
--   only: it reopens the insert of a membership for an account without any by a request.
-- Pre-check: 025 is applied (shell.has_any_membership does not exist).
-- Post-check: the helper and the policy exist; authenticated may insert workspace_id but not
--   governs_account.
-- Failure handling: the runner's transaction rolls back and nothing changes; fix and re-run.

DO $$
BEGIN
  IF to_regprocedure('shell.has_any_membership(uuid)') IS NOT NULL THEN
    RAISE EXCEPTION '025 down pre-check failed: 025 is not applied';
  END IF;
END $$;

-- Threat note (SECURITY DEFINER): as in 020.
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

GRANT INSERT (id, workspace_id, user_id, role_template, active, invited_by_user_id, created_at, updated_at)
  ON public.workspace_memberships TO authenticated;

CREATE POLICY workspace_memberships_insert_new_account_with_users_invite_and_role ON public.workspace_memberships
  FOR INSERT TO authenticated
  WITH CHECK (
    workspace_id = ANY ((SELECT shell.workspaces_with_permission('users.invite'))::uuid[])
    AND user_id IS DISTINCT FROM (SELECT shell.current_user_id())
    AND shell.can_assign_role(workspace_id, role_template)
    AND NOT shell.has_any_membership(user_id)
  );

DO $$
BEGIN
  IF to_regprocedure('shell.has_any_membership(uuid)') IS NULL
     OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policies
                     WHERE schemaname = 'public' AND tablename = 'workspace_memberships'
                       AND policyname = 'workspace_memberships_insert_new_account_with_users_invite_and_role') THEN
    RAISE EXCEPTION '025 down post-check failed: the helper or the insert policy is missing';
  END IF;
  IF NOT has_column_privilege('authenticated', 'public.workspace_memberships', 'workspace_id', 'INSERT')
     OR has_column_privilege('authenticated', 'public.workspace_memberships', 'governs_account', 'INSERT') THEN
    RAISE EXCEPTION '025 down post-check failed: the INSERT grant of 020 is not restored';
  END IF;
END $$;

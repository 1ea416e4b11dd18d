-- 025_memberships_inserted_by_service.sql
-- Purpose: a membership is inserted only by the service (docs/identity.md "Invitations",
--   docs/tenancy-and-rls.md). An invitation creates no membership before it is accepted; the
--   membership is written by the service when the invitation is redeemed (and by the local
--   demo seed, also as service). 020 still let a signed-in request running SQL as
--   `authenticated` insert a membership for an account without any (policy
--   workspace_memberships_insert_new_account_with_users_invite_and_role), so it could claim
--   an address in the database before its owner accepted anything. This migration:
--   * drops that insert policy and revokes INSERT (every column) on workspace_memberships
--     from authenticated: no request code inserts a membership;
--   * drops shell.has_any_membership, which only that policy used.
--   Reads, updates (role_template, active) and deletes by authenticated are unchanged.
-- Pre-check: 024 is applied (auth_tokens.invited_email exists) and 025 is not
--   (shell.has_any_membership exists).
-- Post-check: authenticated holds no INSERT privilege on any column of workspace_memberships,
--   no INSERT policy is left on it, and shell.has_any_membership is gone.
-- Failure handling: the runner's transaction rolls back; nothing applied; fix and re-run.
--   Forward-only in production (PRD §12.6). 025_memberships_inserted_by_service.down.sql
--   restores 020's policy, grant and helper, for staging validation only.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM information_schema.columns
                  WHERE table_schema = 'public' AND table_name = 'auth_tokens'
                    AND column_name = 'invited_email') THEN
    RAISE EXCEPTION '025 pre-check failed: 024_account_rank_invited_email is not applied';
  END IF;
  IF to_regprocedure('shell.has_any_membership(uuid)') IS NULL THEN
    RAISE EXCEPTION '025 pre-check failed: shell.has_any_membership is gone (025 already applied?)';
  END IF;
END $$;

DROP POLICY workspace_memberships_insert_new_account_with_users_invite_and_role
  ON public.workspace_memberships;
-- Revoking the table privilege revokes 020's column-level INSERT grants as well.
REVOKE INSERT ON public.workspace_memberships FROM authenticated;
DROP FUNCTION shell.has_any_membership(uuid);

DO $$
BEGIN
  IF has_any_column_privilege('authenticated', 'public.workspace_memberships', 'INSERT') THEN
    RAISE EXCEPTION '025 post-check failed: authenticated may still insert into workspace_memberships';
  END IF;
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_policies
              WHERE schemaname = 'public' AND tablename = 'workspace_memberships'
                AND cmd IN ('INSERT', 'ALL')) THEN
    RAISE EXCEPTION '025 post-check failed: an insert policy is left on workspace_memberships';
  END IF;
  IF to_regprocedure('shell.has_any_membership(uuid)') IS NOT NULL THEN
    RAISE EXCEPTION '025 post-check failed: shell.has_any_membership still exists';
  END IF;
END $$;

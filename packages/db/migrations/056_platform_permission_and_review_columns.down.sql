-- 056_platform_permission_and_review_columns.down.sql
-- Purpose: undo 056: shell.has_platform_permission and module_management_allowed back to 038's
--   functions (no question about the active workspace), no super_membership_grants, no
--   restrictive contract policy (drafts readable by every request again), table-wide SELECT on
--   module_registry for authenticated, and no shell.module_registry_reviews.
-- Pre-check: 056 is applied (module_registry_reviews and 056's contract read policy exist).
-- Post-check: 056's functions and policy are gone, authenticated holds
--   SELECT on module_registry, has_platform_permission no longer names the active workspace.
-- Failure handling: the runner's transaction rolls back; nothing changes. Fix and re-run.
--   Staging only: the three leaks 056 closed are open again.

DO $$
BEGIN
  IF to_regprocedure('shell.module_registry_reviews()') IS NULL
     OR NOT EXISTS (SELECT 1 FROM pg_policies
                     WHERE schemaname = 'public' AND tablename = 'sdk_contract_versions'
                       AND policyname = 'sdk_contract_versions_drafts_platform_only') THEN
    RAISE EXCEPTION '056 down pre-check failed: 056 is not applied';
  END IF;
END $$;

DROP FUNCTION shell.module_registry_reviews();
-- A table-wide REVOKE also drops 056's column grants, so the catalog is as before 056.
REVOKE SELECT ON public.module_registry FROM authenticated;
GRANT SELECT ON public.module_registry TO authenticated;

DROP POLICY sdk_contract_versions_drafts_platform_only ON public.sdk_contract_versions;

-- 038's functions, verbatim, and 017's comment; then super_membership_grants can go.
CREATE OR REPLACE FUNCTION shell.has_platform_permission(cap text)
RETURNS boolean
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $$
#variable_conflict use_column
BEGIN
  RETURN (
    SELECT cap = ANY (shell.claimed_permissions())
       AND EXISTS (
             SELECT 1
               FROM public.users u
               JOIN public.workspace_memberships m ON m.user_id = u.id AND m.active
               JOIN public.workspaces w ON w.id = m.workspace_id AND w.type = 'super'
                                       AND w.status = 'active'  -- 017
              WHERE u.id = shell.current_user_id()
                AND u.status = 'active'
                AND NOT EXISTS (
                      SELECT 1 FROM public.membership_permissions mp
                        JOIN public.permissions p ON p.id = mp.permission_id
                       WHERE mp.membership_id = m.id AND p.code = cap AND NOT mp.allow)
                AND (EXISTS (
                      SELECT 1 FROM public.roles r
                        JOIN public.role_permissions rp ON rp.role_id = r.id
                        JOIN public.permissions p ON p.id = rp.permission_id
                       WHERE r.code = m.role_template AND p.code = cap)
                  OR EXISTS (
                      SELECT 1 FROM public.membership_permissions mp
                        JOIN public.permissions p ON p.id = mp.permission_id
                       WHERE mp.membership_id = m.id AND p.code = cap AND mp.allow)))
  );
END
$$;
COMMENT ON FUNCTION shell.has_platform_permission(text) IS
  'The current user is super, cap is claimed, and the super membership grants it.';

CREATE OR REPLACE FUNCTION shell.module_management_allowed(ws uuid, cap text)
RETURNS boolean
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $$
#variable_conflict use_column
BEGIN
  RETURN (
    SELECT CASE
             WHEN w.type <> 'business' THEN true
             ELSE coalesce((SELECT p.businesses_may_manage
                              FROM public.module_policies p
                             WHERE p.agency_workspace_id = w.parent_workspace_id), false)
                  OR shell.has_platform_permission(cap)
                  OR (cap = ANY (shell.claimed_permissions())
                      AND EXISTS (
                       SELECT 1
                         FROM public.users u
                         JOIN public.workspace_memberships m ON m.user_id = u.id AND m.active
                         JOIN public.workspaces mw ON mw.id = m.workspace_id AND mw.status = 'active'
                        WHERE u.id = shell.current_user_id()
                          AND u.status = 'active'
                          AND m.workspace_id = w.parent_workspace_id
                          AND m.role_template IN ('agency_admin', 'agency_manager')
                          AND NOT EXISTS (
                                SELECT 1 FROM public.membership_permissions mp
                                  JOIN public.permissions p ON p.id = mp.permission_id
                                 WHERE mp.membership_id = m.id AND p.code = cap AND NOT mp.allow)
                          AND (EXISTS (
                                SELECT 1 FROM public.roles r
                                  JOIN public.role_permissions rp ON rp.role_id = r.id
                                  JOIN public.permissions p ON p.id = rp.permission_id
                                 WHERE r.code = m.role_template AND p.code = cap)
                            OR EXISTS (
                                SELECT 1 FROM public.membership_permissions mp
                                  JOIN public.permissions p ON p.id = mp.permission_id
                                 WHERE mp.membership_id = m.id AND p.code = cap AND mp.allow))))
           END
      FROM public.workspaces w
     WHERE w.id = ws
  );
END
$$;

DROP FUNCTION shell.super_membership_grants(text);

DO $$
BEGIN
  IF to_regprocedure('shell.module_registry_reviews()') IS NOT NULL
     OR NOT has_table_privilege('authenticated', 'public.module_registry', 'SELECT')
     OR EXISTS (SELECT 1 FROM pg_policies
                 WHERE schemaname = 'public' AND tablename = 'sdk_contract_versions'
                   AND policyname = 'sdk_contract_versions_drafts_platform_only')
     OR to_regprocedure('shell.super_membership_grants(text)') IS NOT NULL
     OR pg_catalog.pg_get_functiondef('shell.has_platform_permission(text)'::regprocedure)
          LIKE '%current_workspace_id%' THEN
    RAISE EXCEPTION '056 down post-check failed: 056 is not fully undone';
  END IF;
END $$;

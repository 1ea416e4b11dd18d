-- 056_platform_permission_and_review_columns.sql
-- Purpose: three carried RLS defects (what the platform reads, docs/tenancy-and-rls.md).
--   1. `shell.has_platform_permission(cap)` (012, plpgsql since 038) did not ask where the
--      request acts: a super member switched into an agency or a business still held every
--      platform capability in RLS (drafts of the registry and of the SDK contracts, provider
--      configs, every credential decision), while the code's rule (`holdsPlatformCapability`,
--      packages/access) holds them only when the active workspace is the super workspace. The
--      super membership that grants `cap` must now be in the active workspace of the claims,
--      as the code asks; everything else is unchanged.
--   2. `sdk_contract_versions_select_all` (016) let every signed-in request read `draft`
--      contract versions, which `GET /sdk/contracts` shows only to platform `settings.manage`
--      (their publisher). A restrictive policy now asks drafts for
--      `shell.has_platform_permission('settings.manage')`; published ones (`active`,
--      `deprecated`, `retired`) stay readable by every request.
--   3. 036 hid draft and rejected registry rows, but a registered row still showed its review
--      to every signed-in request: who imported and who promoted it (`created_by_user_id`,
--      `reviewed_by_user_id`), when (`reviewed_at`), the review note and the assessment report
--      (`assessment_json`). `authenticated` now holds SELECT on the other columns only (what
--      installing, the available list, module pages and the emitters read: key, version,
--      status, origin, manifest, dates); the review columns are read through
--      `shell.module_registry_reviews()`, which answers them only to platform
--      `modules.install` (the registry screens) and nothing to anyone else. INSERT, UPDATE and
--      DELETE privileges and every policy are unchanged (writes stay platform-only by RLS).
-- Pre-check: 036's read policy exists; 056's contract policy does not; `authenticated` holds
--   table-wide SELECT on module_registry (056 not applied).
-- Post-check: has_platform_permission asks for the active workspace, super_membership_grants
--   keeps 038's answer for module_management_allowed; the restrictive contract read policy
--   names has_platform_permission('settings.manage'); authenticated can select no review
--   column of module_registry and every other one; module_registry_reviews is plpgsql,
--   STABLE, SECURITY DEFINER with an empty search_path, executable by authenticated and
--   service_role only, and answers nothing without claims.
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.
--   056_platform_permission_and_review_columns.down.sql restores 038's functions, drops the
--   contract policy and restores the table-wide SELECT (the three leaks come back).

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_policies
                  WHERE schemaname = 'public' AND tablename = 'module_registry'
                    AND policyname = 'module_registry_select_registered_or_platform') THEN
    RAISE EXCEPTION '056 pre-check failed: 036_module_registry_visibility is not applied';
  END IF;
  IF EXISTS (SELECT 1 FROM pg_policies
              WHERE schemaname = 'public' AND tablename = 'sdk_contract_versions'
                AND policyname = 'sdk_contract_versions_drafts_platform_only') THEN
    RAISE EXCEPTION '056 pre-check failed: sdk_contract_versions_drafts_platform_only exists (056 already applied?)';
  END IF;
  IF NOT has_table_privilege('authenticated', 'public.module_registry', 'SELECT') THEN
    RAISE EXCEPTION '056 pre-check failed: authenticated lacks SELECT on module_registry (056 already applied?)';
  END IF;
END $$;

-- 1. What 038's has_platform_permission answered ("a super membership of the current user
-- grants cap", wherever the request acts) keeps its one other use under its own name:
-- module_management_allowed (035), where a super membership governs a business from above
-- as requireModuleManager's `fromAbove` counts it. Threat note (SECURITY DEFINER): reads
-- memberships, roles and overrides past RLS to answer one boolean about the caller's own
-- claims; it reveals nothing of any row.
CREATE FUNCTION shell.super_membership_grants(cap text)
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
COMMENT ON FUNCTION shell.super_membership_grants(text) IS
  'The current user is super, cap is claimed, and the super membership grants it, wherever the request acts (038''s has_platform_permission, migration 056).';
REVOKE ALL ON FUNCTION shell.super_membership_grants(text) FROM PUBLIC, anon;
GRANT EXECUTE ON FUNCTION shell.super_membership_grants(text) TO authenticated, service_role;

-- has_platform_permission: that, acting in the super workspace (holdsPlatformCapability).
-- Threat note (SECURITY DEFINER, unchanged): answers one boolean about the caller's claims.
CREATE OR REPLACE FUNCTION shell.has_platform_permission(cap text)
RETURNS boolean
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
  RETURN (
    SELECT EXISTS (SELECT 1 FROM public.workspaces w
                    WHERE w.id = shell.current_workspace_id() AND w.type = 'super')
       AND shell.super_membership_grants(cap)
  );
END
$$;
COMMENT ON FUNCTION shell.has_platform_permission(text) IS
  'Acting in the super workspace, the current user is super, cap is claimed, and the super membership grants it (migration 056).';

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
                  OR shell.super_membership_grants(cap)  -- 056
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

-- 2. Drafts of the SDK contracts: their publisher only. A restrictive policy next to 016's
-- permissive `sdk_contract_versions_select_all` (both must pass), because 016 is re-runnable
-- (PRD §12.6) and re-creates its own policy: a re-run must neither fail nor reopen drafts.
CREATE POLICY sdk_contract_versions_drafts_platform_only ON public.sdk_contract_versions
  AS RESTRICTIVE
  FOR SELECT TO authenticated
  USING (status <> 'draft' OR (SELECT shell.has_platform_permission('settings.manage')));

-- 3. The registry's review columns: platform modules.install only.
REVOKE SELECT ON public.module_registry FROM authenticated;
GRANT SELECT (id, module_key, version, manifest_json, status, origin, registered_at, created_at,
              updated_at)
  ON public.module_registry TO authenticated;

-- Threat note (SECURITY DEFINER): reads module_registry past the column privileges above, and
-- answers only when the caller holds modules.install acting in the platform workspace
-- (has_platform_permission, the registry screens' rule); anyone else gets no row.
CREATE FUNCTION shell.module_registry_reviews()
RETURNS TABLE (registry_id uuid, assessment_json jsonb, created_by_user_id uuid,
               reviewed_at timestamptz, reviewed_by_user_id uuid, review_note text)
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $$
#variable_conflict use_column
BEGIN
  IF NOT shell.has_platform_permission('modules.install') THEN
    RETURN;
  END IF;
  RETURN QUERY
    SELECT r.id, r.assessment_json, r.created_by_user_id, r.reviewed_at, r.reviewed_by_user_id,
           r.review_note
      FROM public.module_registry r;
END
$$;
COMMENT ON FUNCTION shell.module_registry_reviews() IS
  'The review columns of every registry row, for platform modules.install only (migration 056).';
REVOKE ALL ON FUNCTION shell.module_registry_reviews() FROM PUBLIC, anon;
GRANT EXECUTE ON FUNCTION shell.module_registry_reviews() TO authenticated, service_role;

DO $$
DECLARE
  wrong text;
BEGIN
  IF pg_catalog.pg_get_functiondef('shell.has_platform_permission(text)'::regprocedure)
       NOT LIKE '%w.id = shell.current_workspace_id()%'
     OR pg_catalog.pg_get_functiondef('shell.module_management_allowed(uuid, text)'::regprocedure)
       NOT LIKE '%shell.super_membership_grants(cap)%'
     OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
                     WHERE p.oid = to_regprocedure('shell.super_membership_grants(text)')
                       AND p.prosecdef AND p.provolatile = 's' AND p.proconfig = ARRAY['search_path=""'])
     OR has_function_privilege('anon', 'shell.super_membership_grants(text)', 'EXECUTE') THEN
    RAISE EXCEPTION '056 post-check failed: has_platform_permission, super_membership_grants or module_management_allowed not as expected';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_policies
                  WHERE schemaname = 'public' AND tablename = 'sdk_contract_versions'
                    AND policyname = 'sdk_contract_versions_drafts_platform_only'
                    AND permissive = 'RESTRICTIVE' AND cmd = 'SELECT' AND roles = '{authenticated}'
                       AND qual LIKE '%has_platform_permission(''settings.manage''::text)%') THEN
    RAISE EXCEPTION '056 post-check failed: sdk_contract_versions''s read policy is not as expected';
  END IF;
  SELECT string_agg(a.attname || ' ' || has_column_privilege('authenticated', a.attrelid, a.attnum, 'SELECT'), ', ')
    INTO wrong
    FROM pg_catalog.pg_attribute a
   WHERE a.attrelid = 'public.module_registry'::regclass AND a.attnum > 0 AND NOT a.attisdropped
     AND has_column_privilege('authenticated', a.attrelid, a.attnum, 'SELECT')
         = (a.attname IN ('assessment_json', 'created_by_user_id', 'reviewed_at',
                          'reviewed_by_user_id', 'review_note'));
  IF wrong IS NOT NULL THEN
    RAISE EXCEPTION '056 post-check failed: authenticated''s SELECT on module_registry columns: %', wrong;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
                  WHERE p.oid = to_regprocedure('shell.module_registry_reviews()')
                    AND l.lanname = 'plpgsql' AND p.provolatile = 's' AND p.prosecdef
                    AND p.proconfig = ARRAY['search_path=""'])
     OR has_function_privilege('anon', 'shell.module_registry_reviews()', 'EXECUTE')
     OR NOT has_function_privilege('authenticated', 'shell.module_registry_reviews()', 'EXECUTE')
     OR EXISTS (SELECT 1 FROM shell.module_registry_reviews()) THEN
    RAISE EXCEPTION '056 post-check failed: shell.module_registry_reviews is not as expected';
  END IF;
END $$;

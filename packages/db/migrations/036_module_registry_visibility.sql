-- 036_module_registry_visibility.sql
-- Purpose: the registry's drafts and rejected versions are the platform's (docs/modules.md
--   "Registry", docs/tenancy-and-rls.md). 012's `module_registry_select_all` let every
--   authenticated request read every row, including draft and rejected manifests, rejection
--   reasons (`review_note`) and the reviewing super user (`reviewed_by_user_id`, 033). Now a
--   request reads a row when it is `registered` (what installations, the available list and
--   module pages read), or when the caller holds `modules.install` granted by a super
--   membership (`shell.has_platform_permission`, as 012's write policies; the registry
--   screens): every status. The code already shows the registry to super only.
-- Pre-check: 033 is applied (module_registry has review_note); 036 is not (012's policy
--   `module_registry_select_all` exists).
-- Post-check: `module_registry_select_registered_or_platform` is the table's only SELECT
--   policy and calls has_platform_permission('modules.install').
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.
--   036_module_registry_visibility.down.sql restores 012's policy (every row readable again).

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
                  WHERE attrelid = 'public.module_registry'::regclass
                    AND attname = 'review_note' AND NOT attisdropped) THEN
    RAISE EXCEPTION '036 pre-check failed: 033_module_registry_lifecycle is not applied';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_policies
                  WHERE schemaname = 'public' AND tablename = 'module_registry'
                    AND policyname = 'module_registry_select_all') THEN
    RAISE EXCEPTION '036 pre-check failed: module_registry_select_all is absent (036 already applied?)';
  END IF;
END $$;

DROP POLICY module_registry_select_all ON public.module_registry;
CREATE POLICY module_registry_select_registered_or_platform ON public.module_registry
  FOR SELECT TO authenticated
  USING (status = 'registered' OR (SELECT shell.has_platform_permission('modules.install')));

DO $$
BEGIN
  IF (SELECT count(*) FROM pg_policies
       WHERE schemaname = 'public' AND tablename = 'module_registry' AND cmd = 'SELECT') <> 1
     OR NOT EXISTS (SELECT 1 FROM pg_policies
                     WHERE schemaname = 'public' AND tablename = 'module_registry'
                       AND policyname = 'module_registry_select_registered_or_platform'
                       AND cmd = 'SELECT' AND roles = '{authenticated}'
                       AND qual LIKE '%has_platform_permission(''modules.install''::text)%') THEN
    RAISE EXCEPTION '036 post-check failed: module_registry''s read policy is not as expected';
  END IF;
END $$;

-- 036_module_registry_visibility.down.sql
-- Purpose: undo 036: module_registry readable by every authenticated request again (012's
--   `module_registry_select_all`), drafts and rejected versions included.
-- Pre-check: 036 is applied (its policy exists).
-- Post-check: 012's policy is back and 036's is gone.
-- Failure handling: the runner's transaction rolls back; nothing changes. Fix and re-run.
--   Staging only: tenants can then read draft and rejected manifests and review notes.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_policies
                  WHERE schemaname = 'public' AND tablename = 'module_registry'
                    AND policyname = 'module_registry_select_registered_or_platform') THEN
    RAISE EXCEPTION '036 down pre-check failed: module_registry_select_registered_or_platform does not exist (036 not applied?)';
  END IF;
END $$;

DROP POLICY module_registry_select_registered_or_platform ON public.module_registry;
CREATE POLICY module_registry_select_all ON public.module_registry
  FOR SELECT TO authenticated
  USING (true);

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_policies
              WHERE schemaname = 'public' AND tablename = 'module_registry'
                AND policyname = 'module_registry_select_registered_or_platform')
     OR NOT EXISTS (SELECT 1 FROM pg_policies
                     WHERE schemaname = 'public' AND tablename = 'module_registry'
                       AND policyname = 'module_registry_select_all') THEN
    RAISE EXCEPTION '036 down post-check failed: module_registry''s read policy is not 012''s';
  END IF;
END $$;

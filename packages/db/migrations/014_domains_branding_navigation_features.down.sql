-- 014_domains_branding_navigation_features.down.sql
-- Purpose: undo 014: drop workspace_domains, branding_assets, workspace_feature_flags,
--   navigation_profiles and credential_policies.
-- Pre-check: the five tables exist and 015 was never applied (015 is forward-only: once its
--   policies are on these tables, they are corrected forward, not rolled back).
-- Post-check: the five tables are gone.
-- Failure handling: the runner's transaction rolls back and nothing is dropped; fix and
--   re-run. Staging only (PRD §12.6): this destroys domains, branding assets, flags,
--   navigation profiles and credential policies.

DO $$
BEGIN
  IF to_regclass('public.workspace_domains') IS NULL OR to_regclass('public.branding_assets') IS NULL
     OR to_regclass('public.workspace_feature_flags') IS NULL OR to_regclass('public.navigation_profiles') IS NULL
     OR to_regclass('public.credential_policies') IS NULL THEN
    RAISE EXCEPTION '014 down pre-check failed: a table of 014 is missing (014 not applied?)';
  END IF;
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_class WHERE oid = 'public.workspace_domains'::regclass AND relrowsecurity) THEN
    RAISE EXCEPTION '014 down pre-check failed: 015_rls_extension_policies is applied; it is forward-only (PRD §12.6)';
  END IF;
END $$;

DROP TABLE public.credential_policies;
DROP TABLE public.navigation_profiles;
DROP TABLE public.workspace_feature_flags;
DROP TABLE public.branding_assets;
DROP TABLE public.workspace_domains;

DO $$
BEGIN
  IF to_regclass('public.workspace_domains') IS NOT NULL OR to_regclass('public.branding_assets') IS NOT NULL
     OR to_regclass('public.workspace_feature_flags') IS NOT NULL OR to_regclass('public.navigation_profiles') IS NOT NULL
     OR to_regclass('public.credential_policies') IS NOT NULL THEN
    RAISE EXCEPTION '014 down post-check failed: a table of 014 still exists';
  END IF;
END $$;

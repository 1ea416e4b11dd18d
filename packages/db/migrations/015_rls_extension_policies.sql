-- 015_rls_extension_policies.sql
-- Purpose: row-level security for the tables of 014 (PRD §12.4; docs/tenancy-and-rls.md):
--   RLS enabled AND forced; `anon` no privilege; `authenticated` SELECT/INSERT/UPDATE/DELETE
--   governed by one policy per command; `service_role` ALL. Read = workspace visible;
--   write = the table's capability in the row's workspace:
--     workspace_domains domains.manage (a new domain always starts pending, unverified),
--     branding_assets branding.edit, workspace_feature_flags features.manage,
--     navigation_profiles navigation.manage, credential_policies credentials.inheritance.manage.
-- Pre-check: 014 and 012 are applied (tables and helpers exist); RLS is not yet enabled on
--   the 014 tables.
-- Post-check: each table has RLS enabled and forced and its four policies (TO authenticated);
--   anon holds no privilege; authenticated and service_role hold what is listed above.
-- Failure handling: the runner's transaction rolls back; nothing applied; fix and re-run.
--   Forward-only (PRD §12.6): there is no down file; once applied, correct a policy defect
--   with a superseding corrective migration, never by deleting policies.

DO $$
BEGIN
  IF to_regclass('public.workspace_domains') IS NULL OR to_regclass('public.branding_assets') IS NULL
     OR to_regclass('public.workspace_feature_flags') IS NULL OR to_regclass('public.navigation_profiles') IS NULL
     OR to_regclass('public.credential_policies') IS NULL THEN
    RAISE EXCEPTION '015 pre-check failed: 014_domains_branding_navigation_features is not applied';
  END IF;
  IF to_regprocedure('shell.visible_workspace_ids()') IS NULL
     OR to_regprocedure('shell.workspaces_with_permission(text)') IS NULL THEN
    RAISE EXCEPTION '015 pre-check failed: 012 RLS helpers are missing';
  END IF;
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_class
              WHERE oid IN ('public.workspace_domains'::regclass, 'public.branding_assets'::regclass,
                            'public.workspace_feature_flags'::regclass, 'public.navigation_profiles'::regclass,
                            'public.credential_policies'::regclass)
                AND relrowsecurity) THEN
    RAISE EXCEPTION '015 pre-check failed: RLS is already enabled on a 014 table (015 already applied?)';
  END IF;
END $$;

ALTER TABLE public.workspace_domains ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.workspace_domains FORCE ROW LEVEL SECURITY;
ALTER TABLE public.branding_assets ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.branding_assets FORCE ROW LEVEL SECURITY;
ALTER TABLE public.workspace_feature_flags ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.workspace_feature_flags FORCE ROW LEVEL SECURITY;
ALTER TABLE public.navigation_profiles ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.navigation_profiles FORCE ROW LEVEL SECURITY;
ALTER TABLE public.credential_policies ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.credential_policies FORCE ROW LEVEL SECURITY;

-- Start from nothing (Supabase default privileges), then grant what the policies need.
REVOKE ALL ON public.workspace_domains, public.branding_assets, public.workspace_feature_flags,
  public.navigation_profiles, public.credential_policies
  FROM PUBLIC, anon, authenticated;
GRANT ALL ON public.workspace_domains, public.branding_assets, public.workspace_feature_flags,
  public.navigation_profiles, public.credential_policies
  TO service_role;
GRANT SELECT, INSERT, UPDATE, DELETE ON public.workspace_domains, public.branding_assets,
  public.workspace_feature_flags, public.navigation_profiles, public.credential_policies
  TO authenticated;

-- workspace_domains: domains.manage; a domain is created pending and unverified, so the
-- proof-of-control challenge always comes first (PRD §25.3).
CREATE POLICY workspace_domains_select_visible ON public.workspace_domains
  FOR SELECT TO authenticated
  USING (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
CREATE POLICY workspace_domains_insert_with_domains_manage ON public.workspace_domains
  FOR INSERT TO authenticated
  WITH CHECK (
    workspace_id = ANY ((SELECT shell.workspaces_with_permission('domains.manage'))::uuid[])
    AND status = 'pending' AND verified_at IS NULL
  );
CREATE POLICY workspace_domains_update_with_domains_manage ON public.workspace_domains
  FOR UPDATE TO authenticated
  USING (workspace_id = ANY ((SELECT shell.workspaces_with_permission('domains.manage'))::uuid[]))
  WITH CHECK (workspace_id = ANY ((SELECT shell.workspaces_with_permission('domains.manage'))::uuid[]));
CREATE POLICY workspace_domains_delete_with_domains_manage ON public.workspace_domains
  FOR DELETE TO authenticated
  USING (workspace_id = ANY ((SELECT shell.workspaces_with_permission('domains.manage'))::uuid[]));

-- branding_assets: branding.edit.
CREATE POLICY branding_assets_select_visible ON public.branding_assets
  FOR SELECT TO authenticated
  USING (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
CREATE POLICY branding_assets_insert_with_branding_edit ON public.branding_assets
  FOR INSERT TO authenticated
  WITH CHECK (workspace_id = ANY ((SELECT shell.workspaces_with_permission('branding.edit'))::uuid[]));
CREATE POLICY branding_assets_update_with_branding_edit ON public.branding_assets
  FOR UPDATE TO authenticated
  USING (workspace_id = ANY ((SELECT shell.workspaces_with_permission('branding.edit'))::uuid[]))
  WITH CHECK (workspace_id = ANY ((SELECT shell.workspaces_with_permission('branding.edit'))::uuid[]));
CREATE POLICY branding_assets_delete_with_branding_edit ON public.branding_assets
  FOR DELETE TO authenticated
  USING (workspace_id = ANY ((SELECT shell.workspaces_with_permission('branding.edit'))::uuid[]));

-- workspace_feature_flags: features.manage.
CREATE POLICY workspace_feature_flags_select_visible ON public.workspace_feature_flags
  FOR SELECT TO authenticated
  USING (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
CREATE POLICY workspace_feature_flags_insert_with_features_manage ON public.workspace_feature_flags
  FOR INSERT TO authenticated
  WITH CHECK (workspace_id = ANY ((SELECT shell.workspaces_with_permission('features.manage'))::uuid[]));
CREATE POLICY workspace_feature_flags_update_with_features_manage ON public.workspace_feature_flags
  FOR UPDATE TO authenticated
  USING (workspace_id = ANY ((SELECT shell.workspaces_with_permission('features.manage'))::uuid[]))
  WITH CHECK (workspace_id = ANY ((SELECT shell.workspaces_with_permission('features.manage'))::uuid[]));
CREATE POLICY workspace_feature_flags_delete_with_features_manage ON public.workspace_feature_flags
  FOR DELETE TO authenticated
  USING (workspace_id = ANY ((SELECT shell.workspaces_with_permission('features.manage'))::uuid[]));

-- navigation_profiles: navigation.manage.
CREATE POLICY navigation_profiles_select_visible ON public.navigation_profiles
  FOR SELECT TO authenticated
  USING (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
CREATE POLICY navigation_profiles_insert_with_navigation_manage ON public.navigation_profiles
  FOR INSERT TO authenticated
  WITH CHECK (workspace_id = ANY ((SELECT shell.workspaces_with_permission('navigation.manage'))::uuid[]));
CREATE POLICY navigation_profiles_update_with_navigation_manage ON public.navigation_profiles
  FOR UPDATE TO authenticated
  USING (workspace_id = ANY ((SELECT shell.workspaces_with_permission('navigation.manage'))::uuid[]))
  WITH CHECK (workspace_id = ANY ((SELECT shell.workspaces_with_permission('navigation.manage'))::uuid[]));
CREATE POLICY navigation_profiles_delete_with_navigation_manage ON public.navigation_profiles
  FOR DELETE TO authenticated
  USING (workspace_id = ANY ((SELECT shell.workspaces_with_permission('navigation.manage'))::uuid[]));

-- credential_policies: credentials.inheritance.manage.
CREATE POLICY credential_policies_select_visible ON public.credential_policies
  FOR SELECT TO authenticated
  USING (workspace_id = ANY ((SELECT shell.visible_workspace_ids())::uuid[]));
CREATE POLICY credential_policies_insert_with_credentials_inheritance_manage ON public.credential_policies
  FOR INSERT TO authenticated
  WITH CHECK (workspace_id = ANY ((SELECT shell.workspaces_with_permission('credentials.inheritance.manage'))::uuid[]));
CREATE POLICY credential_policies_update_with_credentials_inheritance_manage ON public.credential_policies
  FOR UPDATE TO authenticated
  USING (workspace_id = ANY ((SELECT shell.workspaces_with_permission('credentials.inheritance.manage'))::uuid[]))
  WITH CHECK (workspace_id = ANY ((SELECT shell.workspaces_with_permission('credentials.inheritance.manage'))::uuid[]));
CREATE POLICY credential_policies_delete_with_credentials_inheritance_manage ON public.credential_policies
  FOR DELETE TO authenticated
  USING (workspace_id = ANY ((SELECT shell.workspaces_with_permission('credentials.inheritance.manage'))::uuid[]));

DO $$
DECLARE
  expected jsonb := '{
    "workspace_domains": ["workspace_domains_select_visible", "workspace_domains_insert_with_domains_manage",
                          "workspace_domains_update_with_domains_manage", "workspace_domains_delete_with_domains_manage"],
    "branding_assets": ["branding_assets_select_visible", "branding_assets_insert_with_branding_edit",
                        "branding_assets_update_with_branding_edit", "branding_assets_delete_with_branding_edit"],
    "workspace_feature_flags": ["workspace_feature_flags_select_visible", "workspace_feature_flags_insert_with_features_manage",
                                "workspace_feature_flags_update_with_features_manage", "workspace_feature_flags_delete_with_features_manage"],
    "navigation_profiles": ["navigation_profiles_select_visible", "navigation_profiles_insert_with_navigation_manage",
                            "navigation_profiles_update_with_navigation_manage", "navigation_profiles_delete_with_navigation_manage"],
    "credential_policies": ["credential_policies_select_visible", "credential_policies_insert_with_credentials_inheritance_manage",
                            "credential_policies_update_with_credentials_inheritance_manage",
                            "credential_policies_delete_with_credentials_inheritance_manage"]
  }';
  problems text;
BEGIN
  SELECT string_agg(t.key, ', ') INTO problems
    FROM jsonb_each(expected) AS t
    JOIN pg_catalog.pg_class c ON c.oid = to_regclass('public.' || t.key)
   WHERE NOT (c.relrowsecurity AND c.relforcerowsecurity);
  IF problems IS NOT NULL THEN
    RAISE EXCEPTION '015 post-check failed: RLS not enabled and forced on %', problems;
  END IF;
  SELECT string_agg(t.key || '.' || p.value, ', ') INTO problems
    FROM jsonb_each(expected) AS t
    CROSS JOIN LATERAL jsonb_array_elements_text(t.value) AS p
   WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policies pp
                      WHERE pp.schemaname = 'public' AND pp.tablename = t.key AND pp.policyname = p.value
                        AND pp.roles = ARRAY['authenticated']::name[]);
  IF problems IS NOT NULL THEN
    RAISE EXCEPTION '015 post-check failed: missing policies (TO authenticated) %', problems;
  END IF;
  SELECT string_agg(t.key, ', ') INTO problems
    FROM jsonb_each(expected) AS t
   WHERE has_table_privilege('anon', 'public.' || t.key, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
      OR has_table_privilege('authenticated', 'public.' || t.key, 'TRUNCATE, REFERENCES, TRIGGER')
      OR EXISTS (SELECT 1
                   FROM unnest(ARRAY['authenticated', 'service_role']) AS r,
                        unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']) AS priv
                  WHERE NOT has_table_privilege(r, 'public.' || t.key, priv));
  IF problems IS NOT NULL THEN
    RAISE EXCEPTION '015 post-check failed: wrong privileges for anon/authenticated/service_role on %', problems;
  END IF;
END $$;

-- 013_seed_role_templates.down.sql
-- Purpose: undo 013: delete the seeded role -> capability pairs, the 21 seeded capabilities
--   and the nine seeded role templates (their remaining role_permissions go by cascade).
-- Pre-check: 014 is undone (navigation_profiles gone); the seeded roles exist; no
--   membership uses a seeded role template and no membership override names a seeded
--   capability (those rows block the delete and must be removed first).
-- Post-check: none of the seeded roles or capabilities remains.
-- Failure handling: the runner's transaction rolls back and nothing is deleted; remove the
--   memberships/overrides named in the message (staging only) and re-run.

DO $$
BEGIN
  IF to_regclass('public.navigation_profiles') IS NOT NULL THEN
    RAISE EXCEPTION '013 down pre-check failed: public.navigation_profiles still exists; undo 014 first';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM public.roles WHERE code = 'super_admin') THEN
    RAISE EXCEPTION '013 down pre-check failed: seeded role templates missing (013 not applied?)';
  END IF;
  IF EXISTS (SELECT 1 FROM public.workspace_memberships m
              WHERE m.role_template IN ('super_admin', 'super_manager', 'super_user', 'agency_admin', 'agency_manager',
                                        'agency_user', 'business_admin', 'business_manager', 'business_user')) THEN
    RAISE EXCEPTION '013 down pre-check failed: memberships still use the seeded role templates';
  END IF;
  IF EXISTS (SELECT 1 FROM public.membership_permissions mp
               JOIN public.permissions p ON p.id = mp.permission_id
              WHERE p.code IN ('users.invite', 'users.manage', 'branding.edit', 'billing.manage', 'layouts.edit',
                               'modules.install', 'modules.enable', 'modules.disable', 'settings.manage',
                               'impersonation.super.start', 'impersonation.agency_business.start', 'impersonation.stop',
                               'integrations.manage', 'ai.orchestration.manage', 'users.password.reset',
                               'users.email.update', 'branding.login.edit', 'domains.manage', 'navigation.manage',
                               'features.manage', 'credentials.inheritance.manage')) THEN
    RAISE EXCEPTION '013 down pre-check failed: membership overrides still name the seeded capabilities';
  END IF;
END $$;

DELETE FROM public.role_permissions rp
 USING public.roles r
 WHERE r.id = rp.role_id
   AND r.code IN ('super_admin', 'super_manager', 'super_user', 'agency_admin', 'agency_manager',
                  'agency_user', 'business_admin', 'business_manager', 'business_user');

DELETE FROM public.permissions
 WHERE code IN ('users.invite', 'users.manage', 'branding.edit', 'billing.manage', 'layouts.edit',
                'modules.install', 'modules.enable', 'modules.disable', 'settings.manage',
                'impersonation.super.start', 'impersonation.agency_business.start', 'impersonation.stop',
                'integrations.manage', 'ai.orchestration.manage', 'users.password.reset',
                'users.email.update', 'branding.login.edit', 'domains.manage', 'navigation.manage',
                'features.manage', 'credentials.inheritance.manage');

DELETE FROM public.roles
 WHERE code IN ('super_admin', 'super_manager', 'super_user', 'agency_admin', 'agency_manager',
                'agency_user', 'business_admin', 'business_manager', 'business_user');

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM public.roles
              WHERE code IN ('super_admin', 'super_manager', 'super_user', 'agency_admin', 'agency_manager',
                             'agency_user', 'business_admin', 'business_manager', 'business_user')) THEN
    RAISE EXCEPTION '013 down post-check failed: seeded role templates remain';
  END IF;
  IF EXISTS (SELECT 1 FROM public.permissions
              WHERE code IN ('users.invite', 'users.manage', 'branding.edit', 'billing.manage', 'layouts.edit',
                             'modules.install', 'modules.enable', 'modules.disable', 'settings.manage',
                             'impersonation.super.start', 'impersonation.agency_business.start', 'impersonation.stop',
                             'integrations.manage', 'ai.orchestration.manage', 'users.password.reset',
                             'users.email.update', 'branding.login.edit', 'domains.manage', 'navigation.manage',
                             'features.manage', 'credentials.inheritance.manage')) THEN
    RAISE EXCEPTION '013 down post-check failed: seeded capabilities remain';
  END IF;
END $$;

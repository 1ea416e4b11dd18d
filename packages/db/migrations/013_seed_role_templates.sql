-- 013_seed_role_templates.sql
-- Purpose: seed the nine role templates (PRD §7), the 21 capabilities (PRD §7) and the role
--   template -> capability map, exactly as ROLE_CAPABILITIES in
--   packages/permissions/src/role-templates.ts (a test compares the two):
--     super_admin    every capability except impersonation.agency_business.start (20)
--     super_manager  the manager set + modules.install, ai.orchestration.manage,
--                    impersonation.super.start, impersonation.stop (15)
--     agency_admin   every capability except impersonation.super.start (20)
--     agency_manager the manager set + impersonation.agency_business.start, impersonation.stop (13)
--     business_admin every capability except the three impersonation ones (18)
--     business_manager the manager set (11)
--     *_user         none
--   where the manager set is users.invite, users.manage, users.password.reset,
--   users.email.update, branding.edit, branding.login.edit, layouts.edit, modules.enable,
--   modules.disable, navigation.manage, features.manage.
--   Idempotent (PRD §12.6): every insert is ON CONFLICT DO NOTHING, so re-running it on a
--   migrated database changes nothing and succeeds.
-- Pre-check: 012 is applied (roles, permissions, role_permissions exist with RLS).
-- Post-check: every seeded role exists with its scope_type, every capability exists, and
--   every seeded (role, capability) pair exists (97 pairs); extra pairs on seeded roles are
--   reported as a WARNING (a later corrective migration may add them), not an error.
-- Failure handling: the runner's transaction rolls back; nothing applied. A role code that
--   already exists with another scope_type fails the post-check: fix that row with a
--   corrective migration and re-run. Safe to re-run at any time.

DO $$
BEGIN
  IF to_regclass('public.roles') IS NULL OR to_regclass('public.permissions') IS NULL
     OR to_regclass('public.role_permissions') IS NULL THEN
    RAISE EXCEPTION '013 pre-check failed: roles/permissions/role_permissions missing (003 not applied)';
  END IF;
  IF to_regprocedure('shell.workspaces_with_permission(text)') IS NULL THEN
    RAISE EXCEPTION '013 pre-check failed: 012_rls_policies is not applied';
  END IF;
END $$;

-- Temporary copies of the seed, so the inserts and the post-check read one list.
-- A failed run outside a transaction can leave them behind in the session.
DO $$
BEGIN
  IF to_regclass('pg_temp.seed_roles') IS NOT NULL THEN DROP TABLE pg_temp.seed_roles; END IF;
  IF to_regclass('pg_temp.seed_permissions') IS NOT NULL THEN DROP TABLE pg_temp.seed_permissions; END IF;
  IF to_regclass('pg_temp.seed_role_capabilities') IS NOT NULL THEN DROP TABLE pg_temp.seed_role_capabilities; END IF;
END $$;

CREATE TEMP TABLE seed_roles (code text PRIMARY KEY, scope_type text NOT NULL, name text NOT NULL, description text NOT NULL);
INSERT INTO seed_roles (code, scope_type, name, description) VALUES
  ('super_admin', 'super', 'Super admin', 'Runs the platform: every capability except agency-to-business impersonation.'),
  ('super_manager', 'super', 'Super manager', 'Runs users, branding, layouts and modules of the platform and may impersonate.'),
  ('super_user', 'super', 'Super user', 'Platform staff member without administrative capabilities.'),
  ('agency_admin', 'agency', 'Agency admin', 'Runs the agency and its businesses: every capability except super impersonation.'),
  ('agency_manager', 'agency', 'Agency manager', 'Runs users, branding, layouts and module switches of the agency and its businesses.'),
  ('agency_user', 'agency', 'Agency user', 'Agency member without administrative capabilities.'),
  ('business_admin', 'business', 'Business admin', 'Runs the business workspace: every capability except impersonation.'),
  ('business_manager', 'business', 'Business manager', 'Runs users, branding, layouts and module switches of the business.'),
  ('business_user', 'business', 'Business user', 'Business member without administrative capabilities.');

CREATE TEMP TABLE seed_permissions (code text PRIMARY KEY, description text NOT NULL);
INSERT INTO seed_permissions (code, description) VALUES
  ('users.invite', 'Invite users into a workspace.'),
  ('users.manage', 'Manage users and memberships: roles, overrides, activation, suspension.'),
  ('branding.edit', 'Edit theme tokens and branding assets.'),
  ('billing.manage', 'Manage billing accounts, subscriptions and recovery.'),
  ('layouts.edit', 'Save, preview, test, publish and roll back layouts.'),
  ('modules.install', 'Import, register, install and uninstall modules.'),
  ('modules.enable', 'Enable an installed module in a workspace.'),
  ('modules.disable', 'Disable an enabled module in a workspace.'),
  ('settings.manage', 'Manage workspace settings and child workspaces; read the audit log.'),
  ('impersonation.super.start', 'Start impersonation of any workspace (super).'),
  ('impersonation.agency_business.start', 'Start impersonation of a business owned by the agency.'),
  ('impersonation.stop', 'Stop an active impersonation.'),
  ('integrations.manage', 'Connect, disconnect and configure integration providers.'),
  ('ai.orchestration.manage', 'Create and control shell AI orchestration jobs.'),
  ('users.password.reset', 'Send password reset links to in-scope users.'),
  ('users.email.update', 'Change in-scope users'' email addresses (with verification).'),
  ('branding.login.edit', 'Edit the login screen branding profile.'),
  ('domains.manage', 'Add, verify and remove custom domains.'),
  ('navigation.manage', 'Edit sidebar and navigation profiles.'),
  ('features.manage', 'Toggle workspace feature flags.'),
  ('credentials.inheritance.manage', 'Set credential resolution and parent-fallback policies.');

CREATE TEMP TABLE seed_role_capabilities (role_code text NOT NULL, permission_code text NOT NULL, PRIMARY KEY (role_code, permission_code));
INSERT INTO seed_role_capabilities (role_code, permission_code)
SELECT m.role_code, c.permission_code
  FROM (VALUES
    ('super_admin', ARRAY[
      'users.invite', 'users.manage', 'branding.edit', 'billing.manage', 'layouts.edit', 'modules.install',
      'modules.enable', 'modules.disable', 'settings.manage', 'impersonation.super.start', 'impersonation.stop',
      'integrations.manage', 'ai.orchestration.manage', 'users.password.reset', 'users.email.update',
      'branding.login.edit', 'domains.manage', 'navigation.manage', 'features.manage',
      'credentials.inheritance.manage']),
    ('super_manager', ARRAY[
      'users.invite', 'users.manage', 'users.password.reset', 'users.email.update', 'branding.edit',
      'branding.login.edit', 'layouts.edit', 'modules.enable', 'modules.disable', 'navigation.manage',
      'features.manage', 'modules.install', 'ai.orchestration.manage', 'impersonation.super.start',
      'impersonation.stop']),
    ('agency_admin', ARRAY[
      'users.invite', 'users.manage', 'branding.edit', 'billing.manage', 'layouts.edit', 'modules.install',
      'modules.enable', 'modules.disable', 'settings.manage', 'impersonation.agency_business.start',
      'impersonation.stop', 'integrations.manage', 'ai.orchestration.manage', 'users.password.reset',
      'users.email.update', 'branding.login.edit', 'domains.manage', 'navigation.manage', 'features.manage',
      'credentials.inheritance.manage']),
    ('agency_manager', ARRAY[
      'users.invite', 'users.manage', 'users.password.reset', 'users.email.update', 'branding.edit',
      'branding.login.edit', 'layouts.edit', 'modules.enable', 'modules.disable', 'navigation.manage',
      'features.manage', 'impersonation.agency_business.start', 'impersonation.stop']),
    ('business_admin', ARRAY[
      'users.invite', 'users.manage', 'branding.edit', 'billing.manage', 'layouts.edit', 'modules.install',
      'modules.enable', 'modules.disable', 'settings.manage', 'integrations.manage', 'ai.orchestration.manage',
      'users.password.reset', 'users.email.update', 'branding.login.edit', 'domains.manage',
      'navigation.manage', 'features.manage', 'credentials.inheritance.manage']),
    ('business_manager', ARRAY[
      'users.invite', 'users.manage', 'users.password.reset', 'users.email.update', 'branding.edit',
      'branding.login.edit', 'layouts.edit', 'modules.enable', 'modules.disable', 'navigation.manage',
      'features.manage'])
  ) AS m (role_code, permission_codes)
  CROSS JOIN LATERAL unnest(m.permission_codes) AS c (permission_code);

INSERT INTO public.roles (code, scope_type, name, description)
SELECT code, scope_type, name, description FROM seed_roles
ON CONFLICT (code) DO NOTHING;

INSERT INTO public.permissions (code, description)
SELECT code, description FROM seed_permissions
ON CONFLICT (code) DO NOTHING;

INSERT INTO public.role_permissions (role_id, permission_id)
SELECT r.id, p.id
  FROM seed_role_capabilities s
  JOIN public.roles r ON r.code = s.role_code
  JOIN public.permissions p ON p.code = s.permission_code
ON CONFLICT (role_id, permission_id) DO NOTHING;

DO $$
DECLARE
  problems text;
BEGIN
  IF (SELECT count(*) FROM seed_roles) <> 9 OR (SELECT count(*) FROM seed_permissions) <> 21
     OR (SELECT count(*) FROM seed_role_capabilities) <> 97
     OR EXISTS (SELECT 1 FROM seed_role_capabilities s
                 WHERE NOT EXISTS (SELECT 1 FROM seed_permissions p WHERE p.code = s.permission_code)) THEN
    RAISE EXCEPTION '013 post-check failed: the seed itself is malformed (expected 9 roles, 21 capabilities, 97 pairs)';
  END IF;
  SELECT string_agg(s.code, ', ') INTO problems
    FROM seed_roles s
   WHERE NOT EXISTS (SELECT 1 FROM public.roles r WHERE r.code = s.code AND r.scope_type = s.scope_type);
  IF problems IS NOT NULL THEN
    RAISE EXCEPTION '013 post-check failed: role templates missing or with another scope_type: %', problems;
  END IF;
  SELECT string_agg(s.code, ', ') INTO problems
    FROM seed_permissions s
   WHERE NOT EXISTS (SELECT 1 FROM public.permissions p WHERE p.code = s.code);
  IF problems IS NOT NULL THEN
    RAISE EXCEPTION '013 post-check failed: capabilities missing: %', problems;
  END IF;
  SELECT string_agg(s.role_code || ':' || s.permission_code, ', ') INTO problems
    FROM seed_role_capabilities s
   WHERE NOT EXISTS (SELECT 1 FROM public.role_permissions rp
                       JOIN public.roles r ON r.id = rp.role_id
                       JOIN public.permissions p ON p.id = rp.permission_id
                      WHERE r.code = s.role_code AND p.code = s.permission_code);
  IF problems IS NOT NULL THEN
    RAISE EXCEPTION '013 post-check failed: role capabilities missing: %', problems;
  END IF;
  SELECT string_agg(r.code || ':' || p.code, ', ') INTO problems
    FROM public.role_permissions rp
    JOIN public.roles r ON r.id = rp.role_id
    JOIN public.permissions p ON p.id = rp.permission_id
   WHERE r.code IN (SELECT code FROM seed_roles)
     AND NOT EXISTS (SELECT 1 FROM seed_role_capabilities s WHERE s.role_code = r.code AND s.permission_code = p.code);
  IF problems IS NOT NULL THEN
    RAISE WARNING '013 post-check: role templates hold capabilities beyond the seed: %', problems;
  END IF;
END $$;

DROP TABLE pg_temp.seed_roles, pg_temp.seed_permissions, pg_temp.seed_role_capabilities;

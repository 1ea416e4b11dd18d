/**
 * The capability list of PRD §7, the one list (`permissions` builds its rules on it). Every permission check in the shell (route, API, UI, RLS)
 * names one of these strings; `013_seed_role_templates.sql` seeds the same list.
 */
export const CAPABILITIES = [
  'users.invite',
  'users.manage',
  'branding.edit',
  'billing.manage',
  'layouts.edit',
  'modules.install',
  'modules.enable',
  'modules.disable',
  'settings.manage',
  'impersonation.super.start',
  'impersonation.agency_business.start',
  'impersonation.stop',
  'integrations.manage',
  'ai.orchestration.manage',
  'users.password.reset',
  'users.email.update',
  'branding.login.edit',
  'domains.manage',
  'navigation.manage',
  'features.manage',
  'credentials.inheritance.manage',
  'events.manage',
] as const;

export type Capability = (typeof CAPABILITIES)[number];

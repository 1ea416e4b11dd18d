import type { WorkspaceType } from '@aiconnected/permissions';
import type { SessionView } from '@aiconnected/sdk-contracts';
import { workspaceTypeOf } from './destinations';

/** What the screens know about the visitor when deciding what to show. */
export interface AccessSubject {
  /** Effective capabilities in the active workspace. */
  permissions: readonly string[];
  /** Type of the active workspace. */
  workspaceType: WorkspaceType | null;
  /** Holds a membership in the super workspace (reads every audit log it can see). */
  isSuperMember: boolean;
}

/** The pages of the signed-in app. */
export type AppPath =
  | '/super'
  | '/agency'
  | '/business'
  | '/users'
  | '/audit'
  | '/settings'
  | '/account'
  | BrandingPath
  | ModulesPath
  | EventsPath
  | IntegrationsPath;

/** The tabs of the branding section, in the order they are shown. */
export const BRANDING_TABS = [
  { href: '/branding/theme', label: 'Theme' },
  { href: '/branding/logos', label: 'Logos' },
  { href: '/branding/sign-in', label: 'Sign-in page' },
  { href: '/branding/domains', label: 'Domains' },
] as const;

/** The branding section (it opens its first tab the visitor may use) and its tabs. */
export type BrandingPath = '/branding' | (typeof BRANDING_TABS)[number]['href'];

/** The tabs of the modules section, in the order they are shown; `/modules` is Installed. */
export const MODULES_TABS = [
  { href: '/modules', label: 'Installed' },
  { href: '/modules/registry', label: 'Registry' },
  { href: '/modules/contracts', label: 'Contracts' },
] as const;

/** The modules section's pages (its first tab is the section itself). */
export type ModulesPath = (typeof MODULES_TABS)[number]['href'];

/** The tabs of the events monitor, in the order they are shown; `/events` is Events. */
export const EVENTS_TABS = [
  { href: '/events', label: 'Events' },
  { href: '/events/dead-letter', label: 'Dead letter' },
  { href: '/events/subscriptions', label: 'Subscriptions' },
] as const;

/** The events monitor's pages (its first tab is the section itself). */
export type EventsPath = (typeof EVENTS_TABS)[number]['href'];

/**
 * The tabs of the integrations section (under Settings), in the order they are shown;
 * `/settings/integrations` is Connections.
 */
export const INTEGRATIONS_TABS = [
  { href: '/settings/integrations', label: 'Connections' },
  { href: '/settings/integrations/credentials', label: 'Credential policies' },
  { href: '/settings/integrations/resolutions', label: 'Resolution log' },
] as const;

/** The integrations section's pages (its first tab is the section itself). */
export type IntegrationsPath = (typeof INTEGRATIONS_TABS)[number]['href'];

/** The capabilities that let someone manage modules in a workspace (any one of them). */
const MODULE_CAPABILITIES = ['modules.install', 'modules.enable', 'modules.disable'] as const;

const has = (subject: AccessSubject, capability: string) =>
  subject.permissions.includes(capability);

/**
 * Who may open each page. The same rules build the navigation and guard the pages, so a
 * link is shown exactly when following it works; the API enforces them again on every call.
 */
const PAGE_RULES: Record<AppPath, (subject: AccessSubject) => boolean> = {
  '/super': (subject) => subject.workspaceType === 'super',
  '/agency': (subject) => subject.workspaceType === 'agency',
  '/business': (subject) => subject.workspaceType === 'business',
  '/users': (subject) => has(subject, 'users.manage') || has(subject, 'users.invite'),
  '/audit': (subject) => has(subject, 'settings.manage') || subject.isSuperMember,
  '/settings': (subject) => has(subject, 'settings.manage'),
  '/account': () => true,
  '/branding': (subject) => BRANDING_TABS.some((tab) => PAGE_RULES[tab.href](subject)),
  '/branding/theme': (subject) => has(subject, 'branding.edit'),
  '/branding/logos': (subject) => has(subject, 'branding.edit'),
  '/branding/sign-in': (subject) => has(subject, 'branding.login.edit'),
  '/branding/domains': (subject) => has(subject, 'domains.manage'),
  '/modules': (subject) => MODULE_CAPABILITIES.some((capability) => has(subject, capability)),
  // The registry and the SDK contracts are the platform's: super, with modules.install.
  '/modules/registry': (subject) =>
    subject.workspaceType === 'super' && has(subject, 'modules.install'),
  '/modules/contracts': (subject) =>
    subject.workspaceType === 'super' && has(subject, 'modules.install'),
  // The events monitor, every tab: events.manage in the active workspace (super holds it too).
  '/events': (subject) => has(subject, 'events.manage'),
  '/events/dead-letter': (subject) => has(subject, 'events.manage'),
  '/events/subscriptions': (subject) => has(subject, 'events.manage'),
  // Integrations (docs/integrations.md): connections with integrations.manage, credential
  // policies with credentials.inheritance.manage; the resolution log is an agency's (its tree)
  // or the platform's (every tree), never a business's.
  '/settings/integrations': (subject) => has(subject, 'integrations.manage'),
  '/settings/integrations/credentials': (subject) => has(subject, 'credentials.inheritance.manage'),
  '/settings/integrations/resolutions': (subject) =>
    (subject.workspaceType === 'agency' || subject.workspaceType === 'super') &&
    has(subject, 'credentials.inheritance.manage'),
};

/** The branding tabs the visitor may open (the section's tab bar, and where `/branding` goes). */
export function brandingTabsFor(subject: AccessSubject): (typeof BRANDING_TABS)[number][] {
  return BRANDING_TABS.filter((tab) => canOpen(subject, tab.href));
}

/** The modules tabs the visitor may open (the section's tab bar). */
export function modulesTabsFor(subject: AccessSubject): (typeof MODULES_TABS)[number][] {
  return MODULES_TABS.filter((tab) => canOpen(subject, tab.href));
}

/** A module's page in the registry (`/modules/registry/{key}`) follows the registry's rule. */
const REGISTRY_MODULE_PATH = /^\/modules\/registry\/[a-z0-9][a-z0-9-]*$/;

/**
 * The app page a URL path names (a registry module's page names the registry), or null for
 * any other path.
 */
export function appPathOf(pathname: string): AppPath | null {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (REGISTRY_MODULE_PATH.test(path)) return '/modules/registry';
  return Object.hasOwn(PAGE_RULES, path) ? (path as AppPath) : null;
}

/** Whether the visitor may open `path`. */
export function canOpen(subject: AccessSubject, path: AppPath): boolean {
  return PAGE_RULES[path](subject);
}

/** The access subject of a session (no workspace: no capabilities). */
export function accessSubjectOf(session: SessionView): AccessSubject {
  return {
    permissions: session.context?.permissions ?? [],
    workspaceType: workspaceTypeOf(session.destination),
    isSuperMember: session.workspace_options.some((option) => option.type === 'super'),
  };
}

/** One entry of the sidebar. */
export interface NavItem {
  href: AppPath;
  label: string;
  icon:
    | 'dashboard'
    | 'users'
    | 'audit'
    | 'settings'
    | 'integrations'
    | 'branding'
    | 'modules'
    | 'events'
    | 'account';
}

/** The sidebar for a visitor: only the pages they may open, dashboard first. */
export function navigationFor(subject: AccessSubject): NavItem[] {
  const dashboard: NavItem[] =
    subject.workspaceType === null
      ? []
      : [{ href: `/${subject.workspaceType}`, label: 'Dashboard', icon: 'dashboard' }];
  const rest: NavItem[] = [
    { href: '/users', label: 'Users', icon: 'users' },
    { href: '/audit', label: 'Audit log', icon: 'audit' },
    { href: '/settings', label: 'Workspace settings', icon: 'settings' },
    { href: '/settings/integrations', label: 'Integrations', icon: 'integrations' },
    { href: '/branding', label: 'Branding', icon: 'branding' },
    { href: '/modules', label: 'Modules', icon: 'modules' },
    { href: '/events', label: 'Events', icon: 'events' },
    { href: '/account', label: 'Account', icon: 'account' },
  ];
  return [...dashboard, ...rest.filter((item) => canOpen(subject, item.href))];
}

import { describe, expect, it } from 'vitest';
import {
  appPathOf,
  brandingTabsFor,
  canOpen,
  modulesTabsFor,
  navigationFor,
  type AccessSubject,
  type AppPath,
} from '@/lib/access';

const subject = (overrides: Partial<AccessSubject>): AccessSubject => ({
  permissions: [],
  workspaceType: null,
  isSuperMember: false,
  ...overrides,
});

const PAGES: AppPath[] = [
  '/super',
  '/agency',
  '/business',
  '/users',
  '/audit',
  '/settings',
  '/account',
  '/branding',
  '/branding/theme',
  '/branding/logos',
  '/branding/sign-in',
  '/branding/domains',
  '/modules',
  '/modules/registry',
  '/modules/contracts',
  '/events',
  '/events/dead-letter',
  '/events/subscriptions',
  '/settings/integrations',
  '/settings/integrations/credentials',
  '/settings/integrations/resolutions',
];
const openPages = (who: AccessSubject) => PAGES.filter((path) => canOpen(who, path));

describe('page rules (the navigation and the middleware’s 403 share them)', () => {
  it('names the app pages, with or without a trailing slash, and nothing else', () => {
    expect(PAGES.map(appPathOf)).toStrictEqual(PAGES);
    expect(appPathOf('/users/')).toBe('/users');
    // A module's registry page is guarded (and 403'd by the middleware) as the registry.
    expect(appPathOf('/modules/registry/hello')).toBe('/modules/registry');
    expect(appPathOf('/modules/registry/crm-lite/')).toBe('/modules/registry');
    for (const path of [
      '/',
      '/forbidden',
      '/sign-in',
      '/users/x',
      '/branding/other',
      '/branding/theme/x',
      '/modules/x',
      '/modules/registry/hello/x',
      '/events/x',
      '/events/dead-letter/x',
      '/settings/x',
      '/settings/integrations/x',
      '/modules/registry/Hello',
      '/w/00000000-0000-4000-8000-000000000001/m/hello',
      '/Users',
      '/constructor',
      '/toString',
    ]) {
      expect(appPathOf(path)).toBeNull();
    }
  });

  it('opens each dashboard to its workspace type only, and /account to everyone', () => {
    expect(openPages(subject({}))).toStrictEqual(['/account']);
    expect(openPages(subject({ workspaceType: 'business' }))).toStrictEqual([
      '/business',
      '/account',
    ]);
    expect(openPages(subject({ workspaceType: 'agency' }))).toStrictEqual(['/agency', '/account']);
  });

  it('opens users, audit and settings by capability, and the audit log to super members anywhere', () => {
    expect(
      openPages(subject({ workspaceType: 'business', permissions: ['users.invite'] })),
    ).toStrictEqual(['/business', '/users', '/account']);
    expect(
      openPages(subject({ workspaceType: 'agency', permissions: ['settings.manage'] })),
    ).toStrictEqual(['/agency', '/audit', '/settings', '/account']);
    expect(openPages(subject({ workspaceType: 'agency', isSuperMember: true }))).toStrictEqual([
      '/agency',
      '/audit',
      '/account',
    ]);
  });

  it('builds the navigation from the same rules, dashboard first', () => {
    const admin = subject({
      workspaceType: 'business',
      permissions: ['users.manage', 'settings.manage'],
    });
    expect(navigationFor(admin).map((item) => item.href)).toStrictEqual([
      '/business',
      '/users',
      '/audit',
      '/settings',
      '/account',
    ]);
    expect(navigationFor(subject({})).map((item) => item.href)).toStrictEqual(['/account']);
  });

  it('opens each branding tab by its capability, and the section when any tab opens', () => {
    const branding = (permissions: string[]) =>
      openPages(subject({ workspaceType: 'agency', permissions })).filter((path) =>
        path.startsWith('/branding'),
      );
    expect(branding([])).toStrictEqual([]);
    expect(branding(['branding.edit'])).toStrictEqual([
      '/branding',
      '/branding/theme',
      '/branding/logos',
    ]);
    expect(branding(['branding.login.edit'])).toStrictEqual(['/branding', '/branding/sign-in']);
    expect(branding(['domains.manage'])).toStrictEqual(['/branding', '/branding/domains']);
    const manager = subject({ workspaceType: 'agency', permissions: ['branding.login.edit'] });
    expect(brandingTabsFor(manager).map((tab) => tab.href)).toStrictEqual(['/branding/sign-in']);
    expect(navigationFor(manager).map((item) => item.href)).toStrictEqual([
      '/agency',
      '/branding',
      '/account',
    ]);
  });

  it('opens the modules section with any module capability, registry and contracts to super with modules.install', () => {
    const modules = (workspaceType: AccessSubject['workspaceType'], permissions: string[]) =>
      openPages(subject({ workspaceType, permissions })).filter((path) =>
        path.startsWith('/modules'),
      );
    expect(modules('business', [])).toStrictEqual([]);
    for (const capability of ['modules.install', 'modules.enable', 'modules.disable']) {
      expect(modules('business', [capability])).toStrictEqual(['/modules']);
      expect(modules('agency', [capability])).toStrictEqual(['/modules']);
    }
    // A super manager holds all three: the registry and contracts are theirs.
    const superManager = ['modules.install', 'modules.enable', 'modules.disable'];
    expect(modules('super', superManager)).toStrictEqual([
      '/modules',
      '/modules/registry',
      '/modules/contracts',
    ]);
    // modules.install elsewhere is no platform right; super without it only sees Installed.
    expect(modules('agency', superManager)).toStrictEqual(['/modules']);
    expect(modules('super', ['modules.enable'])).toStrictEqual(['/modules']);
    expect(modules('super', [])).toStrictEqual([]);
    expect(
      modulesTabsFor(subject({ workspaceType: 'super', permissions: superManager })).map(
        (tab) => tab.label,
      ),
    ).toStrictEqual(['Installed', 'Registry', 'Contracts']);
    const agencyManager = subject({
      workspaceType: 'agency',
      permissions: ['modules.enable', 'modules.disable'],
    });
    expect(modulesTabsFor(agencyManager).map((tab) => tab.href)).toStrictEqual(['/modules']);
    expect(navigationFor(agencyManager).map((item) => item.href)).toStrictEqual([
      '/agency',
      '/modules',
      '/account',
    ]);
    expect(
      navigationFor(subject({ workspaceType: 'business' })).map((item) => item.label),
    ).toStrictEqual(['Dashboard', 'Account']);
  });

  it('opens the events monitor (every tab) and its navigation entry with events.manage only', () => {
    const events = (who: AccessSubject) =>
      openPages(who).filter((path) => path.startsWith('/events'));
    const all = ['/events', '/events/dead-letter', '/events/subscriptions'];
    for (const workspaceType of ['super', 'agency', 'business'] as const) {
      expect(events(subject({ workspaceType, permissions: ['events.manage'] }))).toStrictEqual(all);
      // Neither the modules capabilities nor settings.manage nor a super membership open it.
      expect(
        events(
          subject({
            workspaceType,
            isSuperMember: true,
            permissions: ['modules.install', 'settings.manage'],
          }),
        ),
      ).toStrictEqual([]);
    }
    const admin = subject({
      workspaceType: 'business',
      permissions: ['settings.manage', 'modules.enable', 'events.manage'],
    });
    expect(navigationFor(admin).map((item) => [item.href, item.label])).toStrictEqual([
      ['/business', 'Dashboard'],
      ['/audit', 'Audit log'],
      ['/settings', 'Workspace settings'],
      ['/modules', 'Modules'],
      ['/events', 'Events'],
      ['/account', 'Account'],
    ]);
  });

  it('opens integrations by capability, the resolution log to agencies and super only', () => {
    const integrations = (who: AccessSubject) =>
      openPages(who).filter((path) => path.startsWith('/settings/integrations'));
    const both = ['integrations.manage', 'credentials.inheritance.manage'];
    expect(integrations(subject({ workspaceType: 'business', permissions: both }))).toStrictEqual([
      '/settings/integrations',
      '/settings/integrations/credentials',
    ]);
    for (const workspaceType of ['agency', 'super'] as const) {
      expect(integrations(subject({ workspaceType, permissions: both }))).toStrictEqual([
        '/settings/integrations',
        '/settings/integrations/credentials',
        '/settings/integrations/resolutions',
      ]);
    }
    expect(
      integrations(subject({ workspaceType: 'agency', permissions: ['integrations.manage'] })),
    ).toStrictEqual(['/settings/integrations']);
    // settings.manage, a super membership or events.manage open none of it.
    expect(
      integrations(
        subject({
          workspaceType: 'agency',
          isSuperMember: true,
          permissions: ['settings.manage', 'events.manage'],
        }),
      ),
    ).toStrictEqual([]);
    const admin = subject({ workspaceType: 'agency', permissions: ['settings.manage', ...both] });
    expect(navigationFor(admin).map((item) => [item.href, item.label])).toStrictEqual([
      ['/agency', 'Dashboard'],
      ['/audit', 'Audit log'],
      ['/settings', 'Workspace settings'],
      ['/settings/integrations', 'Integrations'],
      ['/account', 'Account'],
    ]);
  });
});

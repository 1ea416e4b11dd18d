import { describe, expect, it } from 'vitest';
import { appPathOf, canOpen, navigationFor, type AccessSubject, type AppPath } from '@/lib/access';

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
];
const openPages = (who: AccessSubject) => PAGES.filter((path) => canOpen(who, path));

describe('page rules (the navigation and the middleware’s 403 share them)', () => {
  it('names the app pages, with or without a trailing slash, and nothing else', () => {
    expect(PAGES.map(appPathOf)).toStrictEqual(PAGES);
    expect(appPathOf('/users/')).toBe('/users');
    for (const path of [
      '/',
      '/forbidden',
      '/sign-in',
      '/users/x',
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
});

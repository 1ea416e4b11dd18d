import { describe, expect, it } from 'vitest';
import { safeNextPath } from '@/lib/safe-next-path';

const SITE = 'https://app.example.com';

/** What a browser does with `next` as a redirect target: the URL it ends up on. */
function landsOn(path: string): URL {
  return new URL(path, SITE);
}

/** Every promise `safeNextPath` makes about a non-null answer. */
function expectSafe(input: string, path: string | null): void {
  if (path === null) return;
  expect(path, JSON.stringify(input)).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
  expect(landsOn(path).origin, JSON.stringify(input)).toBe(SITE);
  expect(landsOn(path).pathname.startsWith('/api/'), JSON.stringify(input)).toBe(false);
}

describe('safeNextPath', () => {
  it('keeps paths on this site, with their query and fragment', () => {
    expect(safeNextPath('/users')).toBe('/users');
    expect(safeNextPath('/audit?action=user.invite&from=2026-01-01#top')).toBe(
      '/audit?action=user.invite&from=2026-01-01#top',
    );
    expect(safeNextPath('/settings/./general/../general')).toBe('/settings/general');
    expect(safeNextPath('/apiary')).toBe('/apiary');
  });

  it('drops anything that is not one string starting with /', () => {
    for (const value of [undefined, null, '', 'users', 'https://evil.example/', ['/a', '/b']]) {
      expect(safeNextPath(value)).toBeNull();
    }
  });

  it('drops every value that leaves the site or opens the API, as a browser would read it', () => {
    const hostile = [
      '//evil.example',
      '/\\evil.example',
      '/\t/evil.example',
      '/\n/evil.example',
      '/\r/evil.example',
      '/\r\n/evil.example',
      '/\t\\evil.example',
      '/\\\\evil.example',
      '///evil.example',
      '/.//evil.example',
      '/\\/evil.example',
      '//evil.example/%2e%2e',
      '//ｅｖｉｌ.example',
      '/\t/ｅｖｉｌ。example',
      '//user@evil.example',
      '/api/auth/sign-out',
      '/api',
      '/api?x=1',
    ];
    for (const value of hostile) expect(safeNextPath(value), JSON.stringify(value)).toBeNull();
  });

  it('encodes what it keeps: control, space and full-width characters stay inside the path', () => {
    expect(safeNextPath('/a\u0000b')).toBe('/a%00b');
    // Leading and trailing controls and spaces are stripped, as a browser strips them.
    expect(safeNextPath('/users\u0000 ')).toBe('/users');
    expect(safeNextPath('/a\u000bb')).toBe('/a%0Bb');
    expect(safeNextPath('/a b')).toBe('/a%20b');
    expect(safeNextPath('/／evil.example')).toBe('/%EF%BC%8Fevil.example');
    expect(safeNextPath('/＼evil.example')).toBe('/%EF%BC%BCevil.example');
    expect(safeNextPath('/%2F%2Fevil.example')).toBe('/%2F%2Fevil.example');
    expect(safeNextPath('/%09/evil.example')).toBe('/%09/evil.example');
  });

  it('never answers a path that leaves the site, for every mix of hostile pieces', () => {
    const pieces = [
      '/',
      '\\',
      '\t',
      '\n',
      '\r',
      '\u0000',
      '\u000b',
      ' ',
      '\u00a0',
      '\u2028',
      '.',
      '%2f',
      '%5c',
      '%09',
      '／',
      '＼',
      '。',
      '@',
      ':',
      'evil.example',
    ];
    let checked = 0;
    const extend = (prefix: string, depth: number): void => {
      const value = `/${prefix}`;
      expectSafe(value, safeNextPath(value));
      checked += 1;
      if (depth === 0) return;
      for (const piece of pieces) extend(prefix + piece, depth - 1);
    };
    extend('', 4);
    expect(checked).toBe(1 + 20 + 20 ** 2 + 20 ** 3 + 20 ** 4);
  });
});

import { describe, expect, it } from 'vitest';
import { matchLayerPath } from '../../src';

// The page matching of match-module-page.test.ts, for any layer item (API routes by method).

const ROUTES = [
  { method: 'GET', path: '/items/:id' },
  { method: 'GET', path: '/items/export' },
  { method: 'POST', path: '/items' },
  { method: 'GET', path: '/' },
];
const match = (method: string, path: string) =>
  matchLayerPath(
    ROUTES.filter((route) => route.method === method),
    path,
  );

describe('matchLayerPath', () => {
  it('matches API routes of one method, literal before :param, the root with or without a slash', () => {
    expect(match('GET', '/items/export')).toBe(ROUTES[1]);
    expect(match('GET', '/items/42/')).toBe(ROUTES[0]);
    expect(match('POST', '/items')).toBe(ROUTES[2]);
    expect(match('GET', '')).toBe(ROUTES[3]);
  });

  it('matches nothing for another method, length or case', () => {
    expect(match('DELETE', '/items/1')).toBeNull();
    expect(match('GET', '/items')).toBeNull();
    expect(match('GET', '/Items/export/x')).toBeNull();
  });
});

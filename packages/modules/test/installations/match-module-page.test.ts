import { describe, expect, it } from 'vitest';
import type { ModulePage } from '@aiconnected/sdk-contracts';
import { matchModulePage } from '../../src/installations/match-module-page';

const page = (path: string): ModulePage => ({ path, title: `Page ${path}` });
const PAGES = [
  page('/'),
  page('/notes/:noteId'),
  page('/notes/new'),
  page('/:section/settings'),
  page('/reports/settings'),
];
const matched = (path: string) => matchModulePage(PAGES, path)?.path ?? null;

describe('matchModulePage', () => {
  it('matches the root with or without a slash', () => {
    expect([matched('/'), matched('')]).toStrictEqual(['/', '/']);
  });

  it('matches literal segments exactly and a :param any one segment', () => {
    expect(matched('/notes/42')).toBe('/notes/:noteId');
    expect(matched('/notes/42/')).toBe('/notes/:noteId');
    expect(matched('/billing/settings')).toBe('/:section/settings');
  });

  it('prefers a literal segment over a :param at the first place they differ, whatever the order', () => {
    expect(matched('/notes/new')).toBe('/notes/new');
    expect(matchModulePage([...PAGES].reverse(), '/notes/new')?.path).toBe('/notes/new');
    expect(matched('/reports/settings')).toBe('/reports/settings');
  });

  it('matches nothing else: other lengths, other literals, other case', () => {
    for (const path of ['/notes', '/notes/1/2', '/Notes/1', '/x', '/settings']) {
      expect(matched(path)).toBeNull();
    }
    expect(matchModulePage([], '/')).toBeNull();
  });
});

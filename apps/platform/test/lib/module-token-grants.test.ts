import { describe, expect, it } from 'vitest';
import type { ModuleAvailability } from '@aiconnected/sdk-contracts';
import { breakerStatusOf } from '@/components/modules/module-labels';
import { tokenGrantsSavedText, tokenGrantsView } from '@/components/modules/token-grants';

const INSTALLER = { install: true };
const OTHER = { install: false };

describe('the UI token grants a module card shows', () => {
  const grants = (
    state: ModuleAvailability['state'],
    requestable: string[],
    granted: string[] = [],
  ) => ({ state, requestable_permissions: requestable, token_permissions: granted });

  it('shows nothing before the module is installed here', () => {
    for (const state of ['not_installed', 'uninstalled'] as const)
      expect(tokenGrantsView(grants(state, ['a.read']), INSTALLER)).toStrictEqual({
        kind: 'hidden',
      });
  });

  it('is the empty state when the installed manifest requests no permissions', () => {
    for (const state of ['installed', 'enabled', 'disabled'] as const)
      for (const abilities of [INSTALLER, OTHER])
        expect(tokenGrantsView(grants(state, []), abilities)).toStrictEqual({ kind: 'empty' });
  });

  it('lists the requestable permissions in manifest order with their grants, editable only for installers', () => {
    const item = grants('enabled', ['a.write', 'a.read', 'a.manage'], ['a.read', 'a.manage']);
    const permissions = [
      { key: 'a.write', granted: false },
      { key: 'a.read', granted: true },
      { key: 'a.manage', granted: true },
    ];
    expect(tokenGrantsView(item, INSTALLER)).toStrictEqual({ kind: 'editable', permissions });
    expect(tokenGrantsView(item, OTHER)).toStrictEqual({ kind: 'read_only', permissions });
  });

  it('says what a save granted', () => {
    expect(tokenGrantsSavedText('Hello', 0)).toBe('Hello gets no UI tokens here now.');
    expect(tokenGrantsSavedText('Hello', 1)).toBe(
      'Hello’s UI tokens may carry 1 permission here now.',
    );
    expect(tokenGrantsSavedText('Hello', 2)).toBe(
      'Hello’s UI tokens may carry 2 permissions here now.',
    );
  });
});

describe('the gateway circuit breaker in words', () => {
  it('says nothing while closed', () => {
    expect(
      breakerStatusOf({ state: 'closed', ejections: 2, open_until: null, changed_at: null }),
    ).toBeNull();
  });

  it('says when an open breaker retries and how often it paused in a row', () => {
    expect(
      breakerStatusOf({
        state: 'open',
        ejections: 1,
        open_until: '2026-12-06T21:05:40.500Z',
        changed_at: '2026-12-06T21:05:35Z',
      }),
    ).toStrictEqual({
      label: 'Requests paused',
      variant: 'destructive',
      text: 'Paused after failures, retrying at 2026-12-06 21:05:40 UTC (first pause): requests to its service are refused until then.',
    });
    expect(
      breakerStatusOf({ state: 'open', ejections: 0, open_until: null, changed_at: null })?.text,
    ).toBe('Paused after failures, retrying soon: requests to its service are refused until then.');
    expect(
      breakerStatusOf({
        state: 'open',
        ejections: 4,
        open_until: '2026-12-06T21:06:20Z',
        changed_at: '2026-12-06T21:05:00Z',
      })?.text,
    ).toBe(
      'Paused after failures, retrying at 2026-12-06 21:06:20 UTC (paused 4 times in a row): requests to its service are refused until then.',
    );
  });

  it('says a half-open breaker is checking', () => {
    expect(
      breakerStatusOf({
        state: 'half_open',
        ejections: 4,
        open_until: null,
        changed_at: '2026-12-06T21:05:40Z',
      }),
    ).toStrictEqual({
      label: 'Checking',
      variant: 'outline',
      text: 'Checking its service after failures: the next request waits for a health check, then requests pass again if it answers.',
    });
  });
});

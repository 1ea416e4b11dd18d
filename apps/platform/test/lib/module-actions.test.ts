import { describe, expect, it } from 'vitest';
import {
  MODULE_INSTALLATION_TRANSITIONS,
  type ModuleAvailability,
} from '@aiconnected/sdk-contracts';
import { moduleActionsFor, type ModuleAbilities } from '@/components/modules/module-actions';

const ALL: ModuleAbilities = { install: true, enable: true, disable: true };
const NONE: ModuleAbilities = { install: false, enable: false, disable: false };
const STATES: ModuleAvailability['state'][] = [
  'not_installed',
  'installed',
  'enabled',
  'disabled',
  'uninstalled',
];

describe('the actions a module card offers', () => {
  it('offers exactly the transition table’s moves from each state (all capabilities held)', () => {
    for (const state of STATES) {
      const from = state === 'not_installed' ? 'none' : state;
      const moves = Object.keys(MODULE_INSTALLATION_TRANSITIONS[from]).sort();
      const offered = moduleActionsFor(
        { state, upgrade_available: false, previous_version: null },
        ALL,
      ).sort();
      expect(offered, state).toStrictEqual(moves);
    }
  });

  it('offers each action only with its capability', () => {
    expect(
      moduleActionsFor(
        { state: 'not_installed', upgrade_available: false, previous_version: null },
        NONE,
      ),
    ).toStrictEqual([]);
    expect(
      moduleActionsFor(
        { state: 'disabled', upgrade_available: true, previous_version: '1.0.0' },
        {
          ...NONE,
          enable: true,
        },
      ),
    ).toStrictEqual(['enable']);
    expect(
      moduleActionsFor(
        { state: 'enabled', upgrade_available: true, previous_version: null },
        { ...NONE, disable: true },
      ),
    ).toStrictEqual(['disable']);
    expect(
      moduleActionsFor(
        { state: 'disabled', upgrade_available: true, previous_version: '1.0.0' },
        {
          ...NONE,
          install: true,
        },
      ),
    ).toStrictEqual(['upgrade', 'rollback', 'uninstall']);
  });

  it('offers upgrade and roll back only for a module installed here', () => {
    const item = { upgrade_available: true, previous_version: '1.0.0' };
    expect(moduleActionsFor({ ...item, state: 'enabled' }, ALL)).toStrictEqual([
      'disable',
      'upgrade',
      'rollback',
    ]);
    expect(moduleActionsFor({ ...item, state: 'uninstalled' }, ALL)).toStrictEqual(['install']);
    expect(
      moduleActionsFor({ ...item, state: 'installed', previous_version: null }, ALL),
    ).toStrictEqual(['enable', 'upgrade', 'uninstall']);
  });
});

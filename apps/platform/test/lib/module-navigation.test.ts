import { describe, expect, it } from 'vitest';
import type { ModuleAvailability, ModuleNavigationList } from '@aiconnected/sdk-contracts';
import { moduleNavigationOf } from '@/lib/module-navigation';

const WORKSPACE = '00000000-0000-4000-8000-000000000001';

const item = (key: string, overrides: Partial<ModuleAvailability>): ModuleAvailability => ({
  module_key: key,
  name: key,
  description: `The ${key} module`,
  state: 'enabled',
  version: '1.0.0',
  previous_version: null,
  current_version: '1.0.0',
  upgrade_available: false,
  paid: false,
  config_schema: { type: 'object' },
  health: {
    status: 'healthy',
    checked_at: null,
    http_status: 200,
    latency_ms: 3,
    detail: 'ok',
    breaker: { state: 'closed', ejections: 0, open_until: null, changed_at: null },
  },
  token_permissions: [],
  requestable_permissions: [],
  navigation: [],
  blocked_by: null,
  ...overrides,
});

const entry = (
  key: string,
  path: string,
  label: string,
  order: number | null,
  icon: string | null = null,
) => ({
  label,
  path: `/w/${WORKSPACE}/m/${key}${path}`,
  icon,
  order,
});

describe('the sidebar’s Modules group', () => {
  it('is empty for an empty registry and for modules that are not enabled', () => {
    expect(moduleNavigationOf([])).toStrictEqual([]);
    expect(
      moduleNavigationOf(
        (['installed', 'disabled', 'uninstalled', 'not_installed'] as const).map((state) =>
          item(`m-${state}`, { state, navigation: [entry(`m-${state}`, '/', 'Stale', 1)] }),
        ),
      ),
    ).toStrictEqual([]);
  });

  it('lists the enabled modules’ entries by order, then label, entries without order last', () => {
    const links = moduleNavigationOf([
      item('notes', {
        navigation: [
          entry('notes', '/', 'Notes', 110, 'notebook-pen'),
          entry('notes', '/settings', 'Notes settings', 111),
        ],
      }),
      item('hello', { navigation: [entry('hello', '/', 'Hello', 100)] }),
      item('zeta', { navigation: [entry('zeta', '/', 'Zeta', null)] }),
      item('alpha', {
        navigation: [entry('alpha', '/', 'Alpha', null), entry('alpha', '/b', 'Beta', 110)],
      }),
    ]);
    expect(links.map((link) => link.label)).toStrictEqual([
      'Hello',
      'Beta',
      'Notes',
      'Notes settings',
      'Alpha',
      'Zeta',
    ]);
    expect(links[2]).toStrictEqual({
      href: `/w/${WORKSPACE}/m/notes/`,
      label: 'Notes',
      icon: 'notebook-pen',
    });
  });

  it('takes GET /modules/navigation’s items (enabled modules, no state) alike', () => {
    const items: ModuleNavigationList['items'] = [
      { module_key: 'notes', name: 'Notes', navigation: [entry('notes', '/', 'Notes', 110)] },
      { module_key: 'hello', name: 'Hello', navigation: [entry('hello', '/', 'Hello', 100)] },
    ];
    const links = moduleNavigationOf(items);
    expect(links.map((link) => link.label)).toStrictEqual(['Hello', 'Notes']);
  });

  it('lists a path once', () => {
    const twice = entry('hello', '/', 'Hello', 1);
    expect(
      moduleNavigationOf([item('hello', { navigation: [twice, { ...twice, label: 'Again' }] })]),
    ).toHaveLength(1);
  });
});

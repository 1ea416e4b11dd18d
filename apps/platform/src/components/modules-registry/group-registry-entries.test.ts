import { describe, expect, it } from 'vitest';
import type { ModuleRegistryEntry } from '@aiconnected/sdk-contracts';
import { groupRegistryEntries } from './group-registry-entries';

let ids = 0;
function entry(overrides: Partial<ModuleRegistryEntry>): ModuleRegistryEntry {
  ids += 1;
  return {
    id: `00000000-0000-4000-8000-${String(ids).padStart(12, '0')}`,
    module_key: 'hello',
    version: '1.0.0',
    name: 'Hello',
    description: 'Says hello.',
    status: 'registered',
    origin: 'import',
    is_current: false,
    paid: false,
    created_at: '2026-12-01T10:00:00Z',
    registered_at: '2026-12-01T10:00:00Z',
    reviewed_at: null,
    review_note: null,
    counts: { blocking: 0, warning: 0 },
    ...overrides,
  };
}

describe('groupRegistryEntries: one registry row per module', () => {
  it('sums versions and statuses, names the current version, takes the latest change', () => {
    const rows = groupRegistryEntries([
      entry({
        module_key: 'notes',
        name: 'Notes',
        paid: true,
        status: 'draft',
        registered_at: null,
      }),
      entry({ version: '1.0.0' }),
      entry({
        version: '1.1.0',
        name: 'Hello there',
        is_current: true,
        created_at: '2026-12-02T10:00:00Z',
        registered_at: '2026-12-02T10:00:00Z',
      }),
      entry({
        version: '1.2.0',
        status: 'rejected',
        registered_at: null,
        created_at: '2026-12-03T10:00:00Z',
        reviewed_at: '2026-12-04T09:30:00+01:00',
        review_note: 'Too many permissions',
      }),
    ]);
    expect(rows).toStrictEqual([
      {
        module_key: 'hello',
        name: 'Hello there',
        current_version: '1.1.0',
        versions: 3,
        statuses: { registered: 2, rejected: 1 },
        paid: false,
        updated_at: '2026-12-04T09:30:00+01:00',
      },
      {
        module_key: 'notes',
        name: 'Notes',
        current_version: null,
        versions: 1,
        statuses: { draft: 1 },
        paid: true,
        updated_at: '2026-12-01T10:00:00Z',
      },
    ]);
    expect(groupRegistryEntries([])).toStrictEqual([]);
  });
});

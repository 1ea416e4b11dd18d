import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import {
  moduleManifestSchema,
  type ModuleRegistryModule,
  type ModuleRegistryRecord,
} from '@aiconnected/sdk-contracts';
import { RegistryModuleDetail, rollbackTarget } from './registry-module-detail';

// The page refreshes after an action; rendering it needs no router beyond that.
vi.mock('next/navigation', () => ({ useRouter: () => ({ refresh: () => undefined }) }));

const HELLO = moduleManifestSchema.parse(
  JSON.parse(
    await readFile(
      path.resolve(import.meta.dirname, '../../../../../examples/modules/hello/manifest.json'),
      'utf8',
    ),
  ),
);

function version(
  semver: string,
  status: ModuleRegistryRecord['status'],
  isCurrent = false,
): ModuleRegistryRecord {
  return {
    id: `00000000-0000-4000-8000-${semver.replaceAll('.', '').padStart(12, '0')}`,
    module_key: 'hello',
    version: semver,
    name: 'Hello',
    description: HELLO.description,
    status,
    origin: 'import',
    is_current: isCurrent,
    paid: false,
    manifest: { ...HELLO, version: semver },
    assessment: {
      module_key: 'hello',
      version: semver,
      manifest_version: 1,
      outcome: 'accepted',
      error_code: null,
      counts: { blocking: 0, warning: 0 },
      findings: [],
    },
    created_at: '2026-12-06T10:00:00Z',
    registered_at: status === 'registered' ? '2026-12-06T10:00:00Z' : null,
    reviewed_at: status === 'rejected' ? '2026-12-06T11:00:00Z' : null,
    review_note: status === 'rejected' ? 'Too broad' : null,
  };
}

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

describe('registry module page', () => {
  const module: ModuleRegistryModule = {
    module_key: 'hello',
    current_version: '1.1.0',
    versions: [
      version('1.3.0', 'draft'),
      version('1.2.0', 'rejected'),
      version('1.1.0', 'registered', true),
      version('1.0.5', 'rejected'),
      version('1.0.0', 'registered'),
    ],
  };

  it('rolls back to the next lower registered version, none below the lowest', () => {
    expect(rollbackTarget(module)?.version).toBe('1.0.0');
    const lowest = {
      ...module,
      versions: module.versions.map((v) => ({ ...v, is_current: v.version === '1.0.0' })),
    };
    expect(rollbackTarget(lowest)).toBeNull();
    const draftsOnly = { ...module, current_version: null, versions: [version('0.1.0', 'draft')] };
    expect(rollbackTarget(draftsOnly)).toBeNull();
  });

  it('marks the current version, offers promote/reject on drafts only, shows each route’s minimum role and the health', () => {
    const page = text(
      renderToStaticMarkup(
        createElement(RegistryModuleDetail, {
          module,
          canCheckHealth: true,
          target: {
            version: '1.1.0',
            health: {
              status: 'healthy',
              checked_at: '2026-12-06T12:00:00Z',
              http_status: 200,
              latency_ms: 12,
              detail: null,
              breaker: { state: 'closed', ejections: 0, open_until: null, changed_at: null },
            },
          },
        }),
      ),
    );
    expect(page).toContain('Roll back to 1.0.0');
    expect(page).toContain('1.1.0 Registered Current');
    expect(page.match(/Promote Hello \d\.\d\.\d/g)).toStrictEqual(['Promote Hello 1.3.0']);
    expect(page.match(/Reject Hello \d\.\d\.\d/g)).toStrictEqual(['Reject Hello 1.3.0']);
    expect(page).toContain('Reason: Too broad');
    expect(page).toContain('GET /greeting minimum role: member');
    expect(page).toContain(
      'Target of 1.1.0 Healthy Last checked 2026-12-06 12:00 UTC: answered 200 in 12 ms. Check now Hello',
    );
  });
});

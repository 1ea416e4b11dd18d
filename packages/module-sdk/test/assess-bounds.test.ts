import { describe, expect, it } from 'vitest';
import { assess } from '@aiconnected/module-sdk';
import { CORPUS_SHELL_VERSION } from '@aiconnected/module-sdk/testing';
import { corpusManifest } from './manifest-fixture';

// A huge manifest (about 1 MiB, what the API's body limit lets through) is refused by its list
// bounds, quickly: nothing in assess is quadratic in a list, and no more event schemas are
// compiled than the bound allows (before the bounds, this manifest took about 9 s here, most
// of it compiling 20 000 distinct event schemas; now about 0.5 s).

describe('assess on a huge manifest', () => {
  it('answers the list bounds only, in well under the time a compile per event took', () => {
    const count = 20_000;
    const manifest = corpusManifest() as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    const fill = <T>(make: (i: number) => T): T[] =>
      Array.from({ length: count }, (_, i) => make(i));
    manifest.admin.pages = fill((i) => ({ path: `/p${i}`, title: `P${i}` }));
    manifest.admin.navigation = fill((i) => ({ label: `N${i}`, path: `/p${i}` }));
    manifest.permissions = fill((i) => `crm-lite.x${i}.read`);
    manifest.admin.apiRoutes = fill((i) => ({
      method: 'GET',
      path: `/r${i}`,
      minimumRole: 'member',
      permissions: [`crm-lite.x${i}.read`],
    }));
    manifest.events.emits = fill((i) => ({
      name: `crm-lite.e${i}.created`,
      schema: { type: 'object', description: `event ${i}` },
    }));

    const started = performance.now();
    const report = assess(manifest, { shellVersion: CORPUS_SHELL_VERSION, entries: [] });
    const elapsed = performance.now() - started;

    expect(
      report.findings.map(({ code, path, message }) => ({ code, path, message })),
    ).toStrictEqual([
      {
        code: 'FIELD_INVALID',
        path: '/admin/apiRoutes',
        message: 'Must hold at most 100 API routes (got an array of 20000)',
      },
      {
        code: 'FIELD_INVALID',
        path: '/admin/navigation',
        message: 'Must hold at most 100 navigation items (got an array of 20000)',
      },
      {
        code: 'FIELD_INVALID',
        path: '/admin/pages',
        message: 'Must hold at most 100 pages (got an array of 20000)',
      },
      {
        code: 'FIELD_INVALID',
        path: '/events/emits',
        message: 'Must hold at most 100 events (got an array of 20000)',
      },
      {
        code: 'FIELD_INVALID',
        path: '/permissions',
        message: 'Must hold at most 200 permissions (got an array of 20000)',
      },
    ]);
    // About 0.5 s on a busy 2-core machine; a compile per event took about 9 s.
    expect(elapsed).toBeLessThan(5_000);
  });
});

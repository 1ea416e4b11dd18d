import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SHELL_SDK_CONTRACT_VERSION,
  moduleAssessmentSchema,
  moduleManifestSchema,
} from '@aiconnected/sdk-contracts';
import { assess } from '@aiconnected/module-sdk';
import type { ModuleManifest, RegistryView } from '@aiconnected/module-sdk';
import { loadManifestCorpus } from '@aiconnected/module-sdk/testing';

const valid = loadManifestCorpus()
  .filter((entry) => entry.outcome === 'accepted')
  .map((entry) => entry.manifest as ModuleManifest);
const registry: RegistryView = {
  shellVersion: SHELL_SDK_CONTRACT_VERSION,
  entries: valid.slice(0, 3).map((manifest) => ({ status: 'registered', manifest })),
  shellOrigins: ['https://shell.example.com'],
};

/** assess must not throw, and its report must always be a valid ModuleAssessment. */
function expectSoundReport(input: unknown): void {
  const report = assess(input, registry);
  expect(moduleAssessmentSchema.safeParse(report).error).toBeUndefined();
  expect(report.outcome === 'accepted').toBe(report.counts.blocking === 0);
  // A clean report promises the import can parse the manifest.
  if (report.outcome === 'accepted')
    expect(moduleManifestSchema.safeParse(input).success).toBe(true);
}

type Path = Array<string | number>;

/** Every path to a value inside `value` (objects and arrays), the root included. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [prefix];
  const children = Object.entries(value).flatMap(([key, child]) =>
    pathsOf(child, [...prefix, Array.isArray(value) ? Number(key) : key]),
  );
  return [prefix, ...children];
}

/** A copy of `manifest` with the value at `path` replaced, removed, or given a sibling. */
function mutate(
  manifest: unknown,
  path: Path,
  operation: 'replace' | 'remove' | 'add',
  value: unknown,
  key: string,
): unknown {
  const copy = structuredClone(manifest);
  if (path.length === 0) return operation === 'replace' ? value : copy;
  const parent = path
    .slice(0, -1)
    .reduce<unknown>(
      (node, segment) => (node as Record<string | number, unknown>)[segment],
      copy,
    ) as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (operation === 'replace') parent[last] = value;
  else if (operation === 'remove') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (Array.isArray(parent)) parent.push(value);
  else parent[key] = value;
  return copy;
}

describe('assess under fuzzing', () => {
  it('never throws on arbitrary JSON and always answers a valid report', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (input) => expectSoundReport(input)),
      { numRuns: 400 },
    );
  });

  it('never throws on arbitrary JavaScript values (the API parses JSON; callers may not)', () => {
    fc.assert(
      fc.property(fc.anything(), (input) => expectSoundReport(input)),
      { numRuns: 300 },
    );
  });

  it('never throws on mutated valid manifests (1 to 4 changes)', () => {
    const mutation = fc.record({
      pick: fc.nat(),
      operation: fc.constantFrom('replace' as const, 'remove' as const, 'add' as const),
      value: fc.oneof(
        fc.jsonValue({ maxDepth: 3 }),
        fc.constantFrom(
          '',
          '1.0',
          '^9.0.0',
          'x.y.export',
          'workspace.created',
          '/../x',
          'site-hero',
          { $ref: 'https://x/y' },
          { type: 'objekt' },
          null,
        ),
      ),
      key: fc.constantFrom(
        'extra',
        'minimumrole',
        '$ref',
        '__proto__',
        'constructor',
        'manifestVersion',
      ),
    });
    fc.assert(
      fc.property(
        fc.constantFrom(...valid),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (manifest, mutations) => {
          let current: unknown = manifest;
          for (const { pick, operation, value, key } of mutations) {
            const paths = pathsOf(current);
            current = mutate(current, paths[pick % paths.length] ?? [], operation, value, key);
          }
          expectSoundReport(current);
        },
      ),
      { numRuns: 600 },
    );
  });

  it('reports ASSESSMENT_FAILED, never throws, when reading a value fails anywhere', () => {
    let failed = 0;
    // A value whose every read throws, as a Proxy or a getter could do for a caller's object.
    const hostile = () =>
      new Proxy(
        {},
        {
          get() {
            throw new Error('hostile read');
          },
          ownKeys() {
            throw new Error('hostile keys');
          },
          getOwnPropertyDescriptor() {
            throw new Error('hostile descriptor');
          },
          has() {
            throw new Error('hostile has');
          },
        },
      );
    fc.assert(
      fc.property(fc.constantFrom(...valid), fc.nat(), (manifest, pick) => {
        const paths = pathsOf(manifest).filter((path) => path.length > 0);
        const path = paths[pick % paths.length] ?? ['id'];
        const input = mutate(manifest, path, 'replace', null, '');
        const parent = path
          .slice(0, -1)
          .reduce<unknown>(
            (node, segment) => (node as Record<string | number, unknown>)[segment],
            input,
          );
        (parent as Record<string | number, unknown>)[path[path.length - 1] as string | number] =
          hostile();
        const report = assess(input, registry);
        expect(moduleAssessmentSchema.safeParse(report).error).toBeUndefined();
        // Rejected always; mostly by ASSESSMENT_FAILED (a value compared without being read,
        // such as manifestVersion, is simply the wrong value).
        expect(report.outcome).toBe('rejected');
        if (report.findings.some((finding) => finding.code === 'ASSESSMENT_FAILED')) failed++;
      }),
      { numRuns: 200 },
    );
    expect(failed).toBeGreaterThan(100);
  });
});

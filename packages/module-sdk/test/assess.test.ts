/* eslint-disable @typescript-eslint/no-explicit-any -- the tests bend manifests into invalid shapes */
import { describe, expect, it } from 'vitest';
import { SHELL_EVENT_NAMES, SHELL_SDK_CONTRACT_VERSION } from '@aiconnected/sdk-contracts';
import { MAX_FINDINGS, assess } from '@aiconnected/module-sdk';
import type { ModuleManifest, RegistryView } from '@aiconnected/module-sdk';
import { corpusManifest } from './manifest-fixture';

const EMPTY: RegistryView = { shellVersion: SHELL_SDK_CONTRACT_VERSION, entries: [] };

function assessChanged(mutate: (manifest: any) => void, registry: RegistryView = EMPTY) {
  const manifest: any = corpusManifest();
  mutate(manifest);
  return assess(manifest, registry);
}

describe('assess', () => {
  it('accepts a valid manifest with an empty report', () => {
    expect(assess(corpusManifest(), EMPTY)).toStrictEqual({
      module_key: 'crm-lite',
      version: '1.4.0',
      manifest_version: 1,
      outcome: 'accepted',
      error_code: null,
      counts: { blocking: 0, warning: 0 },
      findings: [],
    });
  });

  it('reports whole findings: JSON Pointer path, message with the value, exact fix', () => {
    const report = assessChanged((m) => {
      m.permissions.push('crm-lite.contacts.export');
      m.admin.apiRoutes[0].permissions = ['crm-lite.contacts.export'];
      m.version = '1.4';
    });
    expect(report).toStrictEqual({
      module_key: 'crm-lite',
      version: '1.4',
      manifest_version: 1,
      outcome: 'rejected',
      error_code: 'MANIFEST_INVALID',
      counts: { blocking: 3, warning: 0 },
      findings: [
        {
          code: 'ROUTE_PERMISSION_CONFIG_ERROR',
          path: '/admin/apiRoutes/0/permissions/0',
          severity: 'blocking',
          message:
            'the permission suffix must be one of read|list|view|write|create|update|delete|publish|manage|admin|configure (got "crm-lite.contacts.export")',
          fix_hint:
            'End the permission with one of the known suffixes, e.g. <module-id>.contacts.read.',
        },
        {
          code: 'ROUTE_PERMISSION_CONFIG_ERROR',
          path: '/permissions/3',
          severity: 'blocking',
          message:
            '"crm-lite.contacts.export" ends in "export", which is no permission suffix; routes using it would fail closed',
          fix_hint:
            'End it with one of read|list|view|write|create|update|delete|publish|manage|admin|configure, e.g. "crm-lite.contacts.read"',
        },
        {
          code: 'SEMVER_INVALID',
          path: '/version',
          severity: 'blocking',
          message: 'Must be a semantic version such as 1.2.3 (semver.org 2.0.0) (got "1.4")',
          fix_hint: 'Write a version such as "1.0.0" (no "v" prefix).',
        },
      ],
    });
  });

  it('orders findings by path, array indexes as numbers', () => {
    const report = assessChanged((m) => {
      for (let i = 0; i < 12; i++) m.permissions.push(`other${i}.things.read`);
      m.zzz = 1;
      m.aaa = 1;
    });
    expect(report.findings.map((finding) => finding.path)).toStrictEqual([
      '/aaa',
      ...Array.from({ length: 12 }, (_, i) => `/permissions/${i + 3}`),
      '/zzz',
    ]);
  });

  it('suggests the field an unknown key was meant to be', () => {
    const report = assessChanged((m) => {
      m.admin.navigaton = m.admin.navigation;
      delete m.admin.navigation;
    });
    expect(report.findings).toStrictEqual([
      {
        code: 'FIELD_MISSING',
        path: '/admin/navigation',
        severity: 'blocking',
        message: '"navigation" is missing',
        fix_hint: 'Add "navigation": an array ([...])',
      },
      {
        code: 'FIELD_UNKNOWN',
        path: '/admin/navigaton',
        severity: 'blocking',
        message: '"navigaton" is not a field of the manifest format here',
        fix_hint: 'Rename "navigaton" to "navigation"',
      },
    ]);
  });

  it('caps the report at MAX_FINDINGS and says how many were left out', () => {
    // 197 unknown permissions (200, the list's bound, with the 3 of the fixture) and 28 bad
    // capabilities: 225 findings.
    const report = assessChanged((m) => {
      for (let i = 0; i < 197; i++) m.permissions.push(`other${i}.things.read`);
      for (let i = 0; i < 28; i++) m.capabilities.push(`Bad_${i}`);
    });
    expect(report.findings).toHaveLength(MAX_FINDINGS + 1);
    expect(report.findings.at(-1)).toStrictEqual({
      code: 'TOO_MANY_FINDINGS',
      path: '',
      severity: 'warning',
      message: '25 more findings are not listed',
      fix_hint: 'Fix the findings shown and assess again.',
    });
    expect(report.counts).toStrictEqual({ blocking: MAX_FINDINGS, warning: 1 });
  });

  it("names another module's namespace as a collision, for permissions and events", () => {
    const other = corpusManifest('valid-notes.json');
    const registry: RegistryView = { ...EMPTY, entries: [{ status: 'draft', manifest: other }] };
    const report = assessChanged((m) => {
      m.permissions.push('notes.notes.read');
      m.events.emits[0].name = 'notes.note.created';
    }, registry);
    expect(
      report.findings.map(({ code, path, fix_hint }) => ({ code, path, fix_hint })),
    ).toStrictEqual([
      {
        code: 'NAMESPACE_COLLISION',
        path: '/events/emits/0/name',
        fix_hint: 'Emit "crm-lite.note.created" instead',
      },
      {
        code: 'NAMESPACE_COLLISION',
        path: '/permissions/3',
        fix_hint: 'Use a key of your own namespace, e.g. "crm-lite.notes.read"',
      },
    ]);
  });

  it('checks consumed shell-namespace names against the shell-events contract', () => {
    const consume = (...names: string[]) =>
      assessChanged((m) => {
        m.events.consumes = names.map((name) => ({ name, schema: { type: 'object' } }));
      });
    // Every event of the contract is accepted without any module emitting it.
    const all = consume(...SHELL_EVENT_NAMES);
    expect(all.findings).toStrictEqual([]);
    expect(SHELL_EVENT_NAMES).toContain('membership.created');
    // A name in a shell namespace the shell never emits is blocking (nobody else may emit
    // there); an unknown name elsewhere stays a warning (its emitter may be registered later).
    const report = consume('workspace.created', 'module.installed', 'crm-pro.deal.won');
    expect(report).toMatchObject({ outcome: 'rejected', error_code: 'MANIFEST_INVALID' });
    expect(
      report.findings.map(({ code, path, severity, message }) => ({
        code,
        path,
        severity,
        message,
      })),
    ).toStrictEqual([
      {
        code: 'SHELL_EVENT_UNKNOWN',
        path: '/events/consumes/0/name',
        severity: 'blocking',
        message: '"workspace.created" lies in a shell namespace, but the shell emits no such event',
      },
      {
        code: 'EVENT_CONSUMED_UNKNOWN',
        path: '/events/consumes/2/name',
        severity: 'warning',
        message: 'No registered module emits "crm-pro.deal.won"',
      },
    ]);
    expect(report.findings[0]?.fix_hint).toContain('membership.role_changed');
  });

  it('a registered version: same manifest is a warning, a different one MANIFEST_INCOMPATIBLE', () => {
    const registered = corpusManifest();
    const registry: RegistryView = {
      ...EMPTY,
      entries: [{ status: 'registered', manifest: registered }],
    };
    // Key order does not matter: equality is on canonical JSON.
    const reordered = Object.fromEntries(Object.entries(corpusManifest()).reverse());
    expect(assess(reordered, registry)).toMatchObject({
      outcome: 'accepted',
      counts: { blocking: 0, warning: 1 },
      findings: [{ code: 'VERSION_ALREADY_REGISTERED', path: '/version', severity: 'warning' }],
    });
    expect(assessChanged((m) => (m.description = 'Changed.'), registry)).toMatchObject({
      outcome: 'rejected',
      error_code: 'MANIFEST_INCOMPATIBLE',
      findings: [
        {
          code: 'VERSION_CONFLICT',
          path: '/version',
          message:
            'crm-lite 1.4.0 is already in the registry (registered) with a different manifest',
          fix_hint: 'Raise "version" above 1.4.0, e.g. to "1.4.1"',
        },
      ],
    });
  });

  it("checks engines.shell against the registry view's shell version", () => {
    const manifest = corpusManifest();
    expect(assess(manifest, { ...EMPTY, shellVersion: '2.0.0' }).findings).toStrictEqual([
      {
        code: 'SDK_CONTRACT_INCOMPATIBLE',
        path: '/engines/shell',
        severity: 'blocking',
        message: '"^1.1.0" does not include the shell\'s SDK contract version 2.0.0',
        fix_hint: 'Write "^2.0.0" (or a range including 2.0.0) after testing the module against it',
      },
    ]);
  });

  it('refuses a frontend on one of the shell origins', () => {
    const registry: RegistryView = {
      ...EMPTY,
      shellOrigins: ['https://MODULES.example.com:443/'],
    };
    expect(assess(corpusManifest(), registry).findings).toStrictEqual([
      {
        code: 'FRONTEND_ON_SHELL_ORIGIN',
        path: '/frontend/entryUrl',
        severity: 'blocking',
        message:
          "https://modules.example.com is the shell's own origin; a module UI there would run with the shell's cookies and storage",
        fix_hint: 'Serve the module UI from an origin of its own (another host name).',
      },
    ]);
    expect(
      assess(corpusManifest(), { ...EMPTY, shellOrigins: ['https://shell.example.com'] }).outcome,
    ).toBe('accepted');
  });

  it('points schema problems at the keyword inside the manifest', () => {
    const report = assessChanged((m) => {
      m.configSchema = { type: 'object', properties: { a: { type: 'strin' } } };
    });
    expect(report.findings).toStrictEqual([
      {
        code: 'CONFIG_SCHEMA_INVALID',
        path: '/configSchema/properties/a/type',
        severity: 'blocking',
        message:
          'Not a valid JSON Schema: type must be equal to one of the allowed values: "array", "boolean", "integer", "null", "number", "object", "string"',
        fix_hint: 'Correct the schema as the message says.',
      },
    ]);
  });

  it('skips namespace checks while the id itself is malformed', () => {
    const report = assessChanged((m) => (m.id = 'CRM Lite'));
    expect(report.findings.map((finding) => finding.code)).toStrictEqual(['FIELD_INVALID']);
    expect(report.module_key).toBe('CRM Lite');
  });

  it('reports only the format version for another manifest format', () => {
    const report = assessChanged((m) => {
      m.manifestVersion = 2;
      m.entirelyNew = {};
      delete m.admin;
    });
    expect(report).toMatchObject({
      manifest_version: 2,
      outcome: 'rejected',
      error_code: 'MANIFEST_INVALID',
      findings: [{ code: 'MANIFEST_VERSION_UNSUPPORTED', path: '/manifestVersion' }],
    });
    expect(report.findings).toHaveLength(1);
  });

  it('turns an exception inside a stage into ASSESSMENT_FAILED instead of throwing', () => {
    const manifest: any = corpusManifest();
    Object.defineProperty(manifest, 'permissions', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    const report = assess(manifest, EMPTY);
    expect(report.outcome).toBe('rejected');
    expect(report.error_code).toBe('MANIFEST_INVALID');
    expect(report.findings).toContainEqual({
      code: 'ASSESSMENT_FAILED',
      path: '',
      severity: 'blocking',
      message: 'The validator failed on this input: boom',
      fix_hint: 'Check the manifest against the JSON Schema; report the problem if it persists.',
    });

    const brokenRegistry = {
      shellVersion: SHELL_SDK_CONTRACT_VERSION,
      get entries(): RegistryView['entries'] {
        throw new Error('registry unavailable');
      },
    };
    expect(assess(corpusManifest(), brokenRegistry).findings.map((f) => f.code)).toContain(
      'ASSESSMENT_FAILED',
    );
  });

  it('echoes the id and version only as strings', () => {
    const report = assess({ id: 42, version: ['1.0.0'] }, EMPTY);
    expect(report.module_key).toBeNull();
    expect(report.version).toBeNull();
  });

  it('keeps the manifest type the import parses', () => {
    const manifest: ModuleManifest = corpusManifest('valid-hello.json');
    expect(assess(manifest, EMPTY).outcome).toBe('accepted');
  });
});

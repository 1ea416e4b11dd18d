import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  setupTenantTreeDatabase,
  type TenantTree,
  type TenantUserKey,
  type TenantWorkspaceKey,
  type TestDatabase,
} from '@aiconnected/db/testing';
import type { RoleTemplate } from '@aiconnected/permissions';
import { ShellError, type ModuleAssessment } from '@aiconnected/sdk-contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  importModule,
  listRegistry,
  promoteDraft,
  readRegistryModule,
  rejectDraft,
  rollbackRegistry,
  type FetchManifestOptions,
  type ImportModuleInput,
} from '../../src';
import { actorOf } from '../../src/testing';
import { manifestFor } from '../support/manifest-for';

// The registry lifecycle on real Postgres: import (inline and by URL, from a loopback stand-in
// of a package host), idempotency and conflicts, drafts, rollback, who may do it.

let test: TestDatabase;
let tree: TenantTree;
let packageHost: Server;
let packageBase: string;
const served = new Map<string, unknown>();

setupTenantTreeDatabase((setup) => {
  ({ database: test, tree } = setup);
});
beforeAll(async () => {
  packageHost = createServer((request, response) => {
    const body = served.get(request.url ?? '');
    if (body === undefined) response.writeHead(404).end();
    else response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => packageHost.listen(0, '127.0.0.1', resolve));
  packageBase = `http://127.0.0.1:${(packageHost.address() as AddressInfo).port}`;
});
afterAll(async () => {
  packageHost.closeAllConnections();
  await new Promise((resolve) => packageHost.close(resolve));
});

const actor = (user: TenantUserKey, workspace: TenantWorkspaceKey, role: RoleTemplate) =>
  actorOf(tree, user, workspace, role);
const superAdmin = () => actor('superAdmin', 'S', 'super_admin');
const superManager = () => actor('superManager', 'S', 'super_manager');
const superUser = () => actor('superUser', 'S', 'super_user');
const agencyAdminA = () => actor('agencyAdminA', 'A', 'agency_admin');
const businessAdminA1 = () => actor('businessAdminA1', 'A1', 'business_admin');

const key = () => `mod-${randomUUID().slice(0, 8)}`;
const correlationId = 'registry-test';
const inline = (manifest: unknown, extra: Partial<ImportModuleInput> = {}): ImportModuleInput => ({
  manifest,
  fetch: { allowPrivate: false },
  correlationId,
  ...extra,
});

async function refusal(call: Promise<unknown>): Promise<ShellError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ShellError) return error;
    throw error;
  }
  throw new Error('expected a ShellError');
}
const codesOf = (assessment: unknown) =>
  (assessment as ModuleAssessment).findings.map((finding) => finding.code);

async function registryRows(moduleKey: string) {
  const { rows } = await test.admin.query<{ version: string; status: string }>(
    'select version, status from public.module_registry where module_key = $1 order by created_at',
    [moduleKey],
  );
  return rows;
}
async function currentVersion(moduleKey: string): Promise<string | null> {
  const { rows } = await test.admin.query<{ current_version: string }>(
    'select current_version from public.module_catalog where module_key = $1',
    [moduleKey],
  );
  return rows[0]?.current_version ?? null;
}
async function auditActions(targetId: string) {
  const { rows } = await test.admin.query<{
    action: string;
    metadata_json: Record<string, unknown>;
  }>(
    'select action, metadata_json from public.audit_logs where target_id = $1 order by created_at',
    [targetId],
  );
  return rows.map((row) => ({ action: row.action, metadata: row.metadata_json }));
}

describe('importModule', () => {
  it('registers a clean manifest as the current version, with its report, audited', async () => {
    const moduleKey = key();
    const manifest = manifestFor(moduleKey, '1.0.0');
    const { result, created } = await importModule(test.db, superAdmin(), inline(manifest));
    expect(created).toBe(true);
    expect(result.assessment).toMatchObject({
      module_key: moduleKey,
      version: '1.0.0',
      outcome: 'accepted',
      error_code: null,
      counts: { blocking: 0 },
    });
    expect(result.registry_record).toStrictEqual({
      id: expect.any(String),
      module_key: moduleKey,
      version: '1.0.0',
      name: manifest.name,
      description: manifest.description,
      status: 'registered',
      origin: 'import',
      is_current: true,
      paid: false,
      created_at: expect.stringMatching(/Z$/),
      registered_at: expect.stringMatching(/Z$/),
      reviewed_at: null,
      review_note: null,
      manifest,
      assessment: result.assessment,
    });
    expect(await currentVersion(moduleKey)).toBe('1.0.0');
    expect(await auditActions(result.registry_record.id)).toStrictEqual([
      {
        action: 'module.import',
        metadata: expect.objectContaining({
          module_key: moduleKey,
          version: '1.0.0',
          status: 'registered',
          outcome: 'created',
        }) as unknown,
      },
    ]);
  });

  it('answers the same key, version and manifest again with the row already there', async () => {
    const moduleKey = key();
    const manifest = manifestFor(moduleKey, '1.0.0');
    const first = await importModule(test.db, superAdmin(), inline(manifest));
    const again = await importModule(test.db, superManager(), inline(manifest));
    expect(again.created).toBe(false);
    expect(again.result.registry_record.id).toBe(first.result.registry_record.id);
    expect(codesOf(again.result.assessment)).toContain('VERSION_ALREADY_REGISTERED');
    expect(await registryRows(moduleKey)).toStrictEqual([
      { version: '1.0.0', status: 'registered' },
    ]);
  });

  it('refuses the same key and version with another manifest (MANIFEST_INCOMPATIBLE), unchanged', async () => {
    const moduleKey = key();
    await importModule(test.db, superAdmin(), inline(manifestFor(moduleKey, '1.0.0')));
    const error = await refusal(
      importModule(
        test.db,
        superAdmin(),
        inline({ ...manifestFor(moduleKey, '1.0.0'), description: 'Something else' }),
      ),
    );
    expect(error.code).toBe('MANIFEST_INCOMPATIBLE');
    expect(codesOf(error.details.assessment)).toContain('VERSION_CONFLICT');
    expect(await registryRows(moduleKey)).toStrictEqual([
      { version: '1.0.0', status: 'registered' },
    ]);
  });

  it('refuses a manifest with blocking findings (MANIFEST_INVALID with the report), registry unchanged', async () => {
    const moduleKey = key();
    const before = await test.admin.query('select count(*)::int as n from public.module_registry');
    const error = await refusal(
      importModule(
        test.db,
        superAdmin(),
        inline({ ...manifestFor(moduleKey, '1.0'), colour: 'red' }),
      ),
    );
    expect(error.code).toBe('MANIFEST_INVALID');
    expect(error.details.assessment).toMatchObject({
      outcome: 'rejected',
      error_code: 'MANIFEST_INVALID',
    });
    expect(codesOf(error.details.assessment)).toEqual(
      expect.arrayContaining(['SEMVER_INVALID', 'FIELD_UNKNOWN']),
    );
    const after = await test.admin.query('select count(*)::int as n from public.module_registry');
    expect(after.rows).toStrictEqual(before.rows);
  });

  it('refuses everyone but a platform modules.install holder, before fetching anything', async () => {
    const moduleKey = key();
    for (const who of [superUser(), agencyAdminA(), businessAdminA1()]) {
      const error = await refusal(
        importModule(test.db, who, inline(manifestFor(moduleKey, '1.0.0'))),
      );
      expect([error.code, error.details]).toStrictEqual([
        'PERMISSION_DENIED',
        { required_permission: 'modules.install' },
      ]);
    }
    served.set(`/${moduleKey}.json`, manifestFor(moduleKey, '1.0.0'));
    const byUrl = await refusal(
      importModule(test.db, agencyAdminA(), {
        package_uri: `${packageBase}/${moduleKey}.json`,
        fetch: { allowPrivate: true },
        correlationId,
      }),
    );
    expect(byUrl.code).toBe('PERMISSION_DENIED');
    expect(await registryRows(moduleKey)).toStrictEqual([]);
  });

  it('imports from a package_uri, and reports a URL that gives no manifest as a finding', async () => {
    const moduleKey = key();
    served.set(`/${moduleKey}.json`, manifestFor(moduleKey, '2.0.0'));
    const uri = `${packageBase}/${moduleKey}.json`;
    const { result } = await importModule(test.db, superAdmin(), {
      package_uri: uri,
      fetch: { allowPrivate: true },
      correlationId,
    });
    expect(result.registry_record).toMatchObject({ module_key: moduleKey, version: '2.0.0' });

    const forbidden = await refusal(
      importModule(test.db, superAdmin(), {
        package_uri: uri,
        fetch: { allowPrivate: false },
        correlationId,
      }),
    );
    expect(forbidden.code).toBe('MANIFEST_INVALID');
    expect(forbidden.details.assessment).toStrictEqual({
      module_key: null,
      version: null,
      manifest_version: null,
      outcome: 'rejected',
      error_code: 'MANIFEST_INVALID',
      counts: { blocking: 1, warning: 0 },
      findings: [
        {
          code: 'PACKAGE_URI_FORBIDDEN',
          path: '',
          severity: 'blocking',
          message:
            'the host 127.0.0.1 resolves to a non-public address (loopback); only public addresses are fetched',
          fix_hint: expect.any(String) as unknown,
        },
      ],
    });
    // The address check's test hook cannot ride along in the fetch options: ignored there.
    const widened = { allowPrivate: false, isAllowedAddress: () => true } as FetchManifestOptions;
    const stillForbidden = await refusal(
      importModule(test.db, superAdmin(), { package_uri: uri, fetch: widened, correlationId }),
    );
    expect(codesOf(stillForbidden.details.assessment)).toStrictEqual(['PACKAGE_URI_FORBIDDEN']);
    const missing = await refusal(
      importModule(test.db, superAdmin(), {
        package_uri: `${packageBase}/nothing.json`,
        fetch: { allowPrivate: true },
        correlationId,
      }),
    );
    expect(codesOf(missing.details.assessment)).toStrictEqual(['PACKAGE_URI_UNREACHABLE']);
  });

  it("audits a package_uri by origin and path only: no query or fragment (a signed URL's token)", async () => {
    const moduleKey = key();
    served.set(
      `/${moduleKey}.json?token=secret-signature&expires=1`,
      manifestFor(moduleKey, '1.0.0'),
    );
    const { result } = await importModule(test.db, superAdmin(), {
      package_uri: `${packageBase}/${moduleKey}.json?token=secret-signature&expires=1#frag`,
      fetch: { allowPrivate: true },
      correlationId,
    });
    expect(await auditActions(result.registry_record.id)).toStrictEqual([
      {
        action: 'module.import',
        metadata: {
          module_key: moduleKey,
          version: '1.0.0',
          status: 'registered',
          outcome: 'created',
          warnings: 0,
          package_uri: `${packageBase}/${moduleKey}.json`,
          people: expect.anything() as unknown,
        },
      },
    ]);
    expect(JSON.stringify(await auditActions(result.registry_record.id))).not.toMatch(
      /secret|expires|frag/,
    );
  });

  it('lets two imports of one key and version race: one inserts, the other answers the same row', async () => {
    const moduleKey = key();
    const manifest = manifestFor(moduleKey, '1.0.0');
    const outcomes = await Promise.all([
      importModule(test.db, superAdmin(), inline(manifest)),
      importModule(test.db, superManager(), inline(manifest)),
    ]);
    expect(outcomes.map((outcome) => outcome.created).sort()).toStrictEqual([false, true]);
    expect(new Set(outcomes.map((outcome) => outcome.result.registry_record.id)).size).toBe(1);
  });

  it('lets two different manifests of one key and version race: one wins, the other is a conflict', async () => {
    const moduleKey = key();
    const settled = await Promise.allSettled([
      importModule(test.db, superAdmin(), inline(manifestFor(moduleKey, '1.0.0'))),
      importModule(
        test.db,
        superManager(),
        inline({ ...manifestFor(moduleKey, '1.0.0'), name: 'Other name' }),
      ),
    ]);
    expect(settled.map((outcome) => outcome.status).sort()).toStrictEqual([
      'fulfilled',
      'rejected',
    ]);
    const failed = settled.find((outcome) => outcome.status === 'rejected');
    const reason = (failed as PromiseRejectedResult).reason as ShellError;
    expect(reason.code).toBe('MANIFEST_INCOMPATIBLE');
    expect(codesOf(reason.details.assessment)).toContain('VERSION_CONFLICT');
    expect(await registryRows(moduleKey)).toHaveLength(1);
  });
});

describe('drafts', () => {
  it('imports a draft (not current), promotes it after a new assessment, audited', async () => {
    const moduleKey = key();
    const { result } = await importModule(
      test.db,
      superAdmin(),
      inline(manifestFor(moduleKey, '1.0.0'), { draft: true }),
    );
    expect(result.registry_record).toMatchObject({
      status: 'draft',
      is_current: false,
      registered_at: null,
    });
    expect(await currentVersion(moduleKey)).toBeNull();

    const promoted = await promoteDraft(test.db, superManager(), {
      moduleKey,
      version: '1.0.0',
      correlationId,
    });
    expect(promoted.registry_record).toMatchObject({
      status: 'registered',
      is_current: true,
      reviewed_at: expect.stringMatching(/Z$/) as unknown,
    });
    expect(codesOf(promoted.assessment)).not.toContain('VERSION_ALREADY_REGISTERED');
    expect(await currentVersion(moduleKey)).toBe('1.0.0');
    expect((await auditActions(result.registry_record.id)).map((row) => row.action)).toStrictEqual([
      'module.import',
      'module.promote',
    ]);

    const again = await refusal(
      promoteDraft(test.db, superAdmin(), { moduleKey, version: '1.0.0', correlationId }),
    );
    expect([again.code, again.details]).toStrictEqual([
      'CONFLICT',
      { status: 'registered', action: 'promote' },
    ]);
  });

  it('rejects a draft with its reason; the version stays taken', async () => {
    const moduleKey = key();
    const manifest = manifestFor(moduleKey, '1.0.0');
    await importModule(test.db, superAdmin(), inline(manifest, { draft: true }));
    const rejected = await rejectDraft(test.db, superAdmin(), {
      moduleKey,
      version: '1.0.0',
      reason: 'Asks for too much',
      correlationId,
    });
    expect(rejected).toMatchObject({
      status: 'rejected',
      review_note: 'Asks for too much',
      is_current: false,
    });
    const reimport = await refusal(importModule(test.db, superAdmin(), inline(manifest)));
    expect(reimport.code).toBe('MANIFEST_INCOMPATIBLE');
    expect(codesOf(reimport.details.assessment)).toStrictEqual(['VERSION_CONFLICT']);
    const twice = await refusal(
      rejectDraft(test.db, superAdmin(), {
        moduleKey,
        version: '1.0.0',
        reason: 'x',
        correlationId,
      }),
    );
    expect(twice.code).toBe('CONFLICT');
  });

  it('answers MODULE_NOT_REGISTERED for an unknown key or version, and refuses tenants', async () => {
    const moduleKey = key();
    const unknown = await refusal(
      promoteDraft(test.db, superAdmin(), { moduleKey, version: '1.0.0', correlationId }),
    );
    expect([unknown.code, unknown.details]).toStrictEqual([
      'MODULE_NOT_REGISTERED',
      { module_key: moduleKey, version: '1.0.0' },
    ]);
    await importModule(
      test.db,
      superAdmin(),
      inline(manifestFor(moduleKey, '1.0.0'), { draft: true }),
    );
    const denied = await refusal(
      rejectDraft(test.db, agencyAdminA(), {
        moduleKey,
        version: '1.0.0',
        reason: 'no',
        correlationId,
      }),
    );
    expect(denied.code).toBe('PERMISSION_DENIED');
    expect(await registryRows(moduleKey)).toStrictEqual([{ version: '1.0.0', status: 'draft' }]);
  });
});

describe('the current version', () => {
  it('moves only up: a lower import or promotion is registered, not current; rollback goes down', async () => {
    const moduleKey = key();
    const register = async (version: string, extra: Partial<ImportModuleInput> = {}) =>
      (await importModule(test.db, superAdmin(), inline(manifestFor(moduleKey, version), extra)))
        .result.registry_record;
    const promote = async (version: string) =>
      (await promoteDraft(test.db, superAdmin(), { moduleKey, version, correlationId }))
        .registry_record;

    expect(await register('2.0.0')).toMatchObject({ status: 'registered', is_current: true });
    // A fix for an older line: registered, not current.
    expect(await register('1.4.1')).toMatchObject({ status: 'registered', is_current: false });
    expect(await currentVersion(moduleKey)).toBe('2.0.0');
    expect(await register('2.0.1')).toMatchObject({ is_current: true });
    expect(await register('1.10.0')).toMatchObject({ is_current: false });
    expect(await currentVersion(moduleKey)).toBe('2.0.1');

    await register('1.9.0', { draft: true });
    await register('3.0.0', { draft: true });
    expect(await promote('1.9.0')).toMatchObject({ status: 'registered', is_current: false });
    expect(await currentVersion(moduleKey)).toBe('2.0.1');
    expect(await promote('3.0.0')).toMatchObject({ status: 'registered', is_current: true });
    // The same import again changes nothing, the pointer included.
    expect(await register('2.0.0')).toMatchObject({ is_current: false });
    expect(await currentVersion(moduleKey)).toBe('3.0.0');

    // Rollback still walks down every registered version, lower imports included.
    const rolledTo: string[] = [];
    for (let i = 0; i < 5; i++) {
      const result = await rollbackRegistry(test.db, superAdmin(), { moduleKey, correlationId });
      rolledTo.push(result.to_version);
    }
    expect(rolledTo).toStrictEqual(['2.0.1', '2.0.0', '1.10.0', '1.9.0', '1.4.1']);
    // After a rollback, a version above the current one is current again.
    expect(await register('1.5.0')).toMatchObject({ is_current: true });
    expect(await currentVersion(moduleKey)).toBe('1.5.0');
  });

  it('never makes a prerelease current on import or promotion, not even the first version', async () => {
    const moduleKey = key();
    const register = async (version: string, extra: Partial<ImportModuleInput> = {}) =>
      (await importModule(test.db, superAdmin(), inline(manifestFor(moduleKey, version), extra)))
        .result.registry_record;

    expect(await register('2.1.0-beta.1')).toMatchObject({
      status: 'registered',
      is_current: false,
    });
    expect(await currentVersion(moduleKey)).toBeNull();
    expect(await register('2.0.0')).toMatchObject({ is_current: true });
    expect(await register('2.1.0-rc.1')).toMatchObject({ is_current: false });
    await register('2.1.0-rc.2', { draft: true });
    expect(
      (
        await promoteDraft(test.db, superAdmin(), {
          moduleKey,
          version: '2.1.0-rc.2',
          correlationId,
        })
      ).registry_record,
    ).toMatchObject({ status: 'registered', is_current: false });
    expect(await currentVersion(moduleKey)).toBe('2.0.0');
    // The release itself moves the pointer up past the prereleases.
    expect(await register('2.1.0')).toMatchObject({ is_current: true });
    expect(await currentVersion(moduleKey)).toBe('2.1.0');
  });

  it('lets concurrent imports of one new module settle on the highest version', async () => {
    const moduleKey = key();
    const versions = ['1.0.0', '1.2.0', '1.1.0', '0.9.0'];
    const results = await Promise.all(
      versions.map((version) =>
        importModule(test.db, superAdmin(), inline(manifestFor(moduleKey, version))),
      ),
    );
    expect(results.every((outcome) => outcome.created)).toBe(true);
    expect(await currentVersion(moduleKey)).toBe('1.2.0');
  });
});

describe('rollbackRegistry', () => {
  it('moves the current version to the next lower registered release (never a prerelease), then refuses', async () => {
    const moduleKey = key();
    for (const version of ['1.0.0', '1.2.0', '1.10.0-rc.1', '1.10.0', '1.9.0-beta.2']) {
      await importModule(test.db, superAdmin(), inline(manifestFor(moduleKey, version)));
    }
    await importModule(
      test.db,
      superAdmin(),
      inline(manifestFor(moduleKey, '1.5.0'), { draft: true }),
    );
    await importModule(test.db, superAdmin(), inline(manifestFor(moduleKey, '1.10.0')));
    expect(await currentVersion(moduleKey)).toBe('1.10.0');

    const first = await rollbackRegistry(test.db, superAdmin(), { moduleKey, correlationId });
    expect(first).toMatchObject({ from_version: '1.10.0', to_version: '1.2.0' });
    expect(first.registry_record).toMatchObject({ version: '1.2.0', is_current: true });
    await rollbackRegistry(test.db, superManager(), { moduleKey, correlationId });
    expect(await currentVersion(moduleKey)).toBe('1.0.0');
    const none = await refusal(
      rollbackRegistry(test.db, superAdmin(), { moduleKey, correlationId }),
    );
    expect([none.code, none.details]).toStrictEqual([
      'CONFLICT',
      { module_key: moduleKey, current_version: '1.0.0', reason: 'no_lower_version' },
    ]);
    expect(await currentVersion(moduleKey)).toBe('1.0.0');
    expect(
      (await auditActions(first.registry_record.id)).map((row) => row.metadata),
    ).toContainEqual(expect.objectContaining({ from_version: '1.10.0', to_version: '1.2.0' }));
  });

  it('answers MODULE_NOT_REGISTERED for a key without a registered version, refuses tenants', async () => {
    const moduleKey = key();
    expect(
      (await refusal(rollbackRegistry(test.db, superAdmin(), { moduleKey, correlationId }))).code,
    ).toBe('MODULE_NOT_REGISTERED');
    expect(
      (await refusal(rollbackRegistry(test.db, agencyAdminA(), { moduleKey, correlationId }))).code,
    ).toBe('PERMISSION_DENIED');
  });
});

describe('reading the registry', () => {
  it('lists versions (filtered, paged) and reads one module highest version first', async () => {
    const moduleKey = key();
    await importModule(test.db, superAdmin(), inline(manifestFor(moduleKey, '1.0.0')));
    await importModule(
      test.db,
      superAdmin(),
      inline(manifestFor(moduleKey, '2.0.0'), { draft: true }),
    );
    await importModule(test.db, superAdmin(), inline(manifestFor(moduleKey, '1.1.0')));

    const page1 = await listRegistry(test.db, superAdmin(), { moduleKey, limit: 2 });
    expect(page1.items.map((item) => item.version)).toStrictEqual(['1.0.0', '2.0.0']);
    const page2 = await listRegistry(test.db, superAdmin(), {
      moduleKey,
      limit: 2,
      cursor: page1.next_cursor ?? undefined,
    });
    expect(page2).toStrictEqual({
      items: [
        expect.objectContaining({
          version: '1.1.0',
          is_current: true,
          counts: { blocking: 0, warning: expect.any(Number) },
        }),
      ],
      next_cursor: null,
    });
    const drafts = await listRegistry(test.db, superAdmin(), { moduleKey, status: 'draft' });
    expect(drafts.items.map((item) => item.version)).toStrictEqual(['2.0.0']);

    const module = await readRegistryModule(test.db, superManager(), moduleKey);
    expect(module.current_version).toBe('1.1.0');
    expect(module.versions.map((version) => version.version)).toStrictEqual([
      '2.0.0',
      '1.1.0',
      '1.0.0',
    ]);
    expect((await refusal(readRegistryModule(test.db, superAdmin(), key()))).code).toBe(
      'MODULE_NOT_REGISTERED',
    );
    expect((await refusal(listRegistry(test.db, businessAdminA1()))).code).toBe(
      'PERMISSION_DENIED',
    );
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateInstallation, webhookSecretsOf } from '@aiconnected/events';
import { startHealthStandIn, testManifest, type HealthStandIn } from '@aiconnected/modules/testing';
import type {
  InstallationCredentialView,
  IssuedCredentials,
  ModuleManifest,
} from '@aiconnected/sdk-contracts';
import { MODULE_CREDENTIAL_ISSUES_PER_10_MINUTES } from '@/server/api/guard/rate-limits';
import {
  correlationIdOf,
  expectError,
  setupRoleTreeApiTest,
  snapshotTables,
  type MemberLabel,
  type TreeKey,
} from '@aiconnected/platform/testing';

// Module installation credentials through the API on real Postgres: issued by the install and
// by POST /modules/{key}/credentials (rotation with overlap), listed by prefix; allowed and
// denied with whole envelopes, nothing changed on a refusal, and no secret anywhere but in the
// answer that issued it (not in later answers, audit rows or log lines).

const { setup, ws, call } = setupRoleTreeApiTest();
let targets: HealthStandIn;

beforeAll(async () => {
  targets = await startHealthStandIn();
});
afterAll(async () => {
  await targets.close();
});

const id = (key: TreeKey) => ws(key).id;

async function register(): Promise<ModuleManifest> {
  const manifest = testManifest({
    key: `cred-${randomUUID().slice(0, 8)}`,
    baseUrl: targets.baseUrl('healthy'),
  });
  const response = await call('S.super_admin', 'POST', '/modules/import', { manifest });
  expect(response.status, await response.clone().text()).toBe(201);
  return manifest;
}

async function json<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
}

const install = async (key: string, who: MemberLabel = 'A.agency_admin') =>
  json<{ state: string; credentials: IssuedCredentials }>(
    await call(who, 'POST', `/modules/${key}/install`, { workspace_id: id('A1') }),
    200,
  );
const issue = (key: string, who: MemberLabel, body: Record<string, unknown> = {}) =>
  call(who, 'POST', `/modules/${key}/credentials`, { workspace_id: id('A1'), ...body });
const list = (key: string, who: MemberLabel = 'A.agency_admin', workspace: TreeKey = 'A1') =>
  call(who, 'GET', `/modules/${key}/credentials?workspace_id=${id(workspace)}`);

/** Every secret of `issued`, for searching texts that must not hold them. */
const secretsOf = (...issued: IssuedCredentials[]) =>
  issued.flatMap((item) =>
    [item.api_key?.secret, item.webhook_secret?.secret].filter((secret) => secret !== undefined),
  );

describe('credentials issued by the install', () => {
  it('answers an API key and a webhook secret once; the key authenticates once enabled; a re-install revokes them', async () => {
    const { id: key } = await register();
    const installed = await install(key);
    expect(installed.state).toBe('installed');
    expect(installed.credentials).toStrictEqual({
      api_key: {
        id: expect.any(String),
        prefix: expect.stringMatching(/^aicm_.{8}$/),
        secret: expect.stringMatching(/^aicm_[A-Za-z0-9_-]{43}$/),
      },
      webhook_secret: {
        id: expect.any(String),
        prefix: expect.stringMatching(/^whsec_.{8}$/),
        secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
      },
      previous_expire_at: null,
    });
    const apiKey = installed.credentials.api_key?.secret ?? '';
    const db = setup.database.db;
    // Installed is not enabled: the key does not work yet.
    expect(await authenticateInstallation(db, apiKey)).toBeNull();
    await json(
      await call('A.agency_admin', 'POST', `/modules/${key}/enable`, { workspace_id: id('A1') }),
      200,
    );
    expect(await authenticateInstallation(db, apiKey)).toMatchObject({
      workspaceId: id('A1'),
      moduleKey: key,
      credentialId: installed.credentials.api_key?.id,
    });

    await json(
      await call('A.agency_admin', 'POST', `/modules/${key}/disable`, { workspace_id: id('A1') }),
      200,
    );
    await json(
      await call('A.agency_admin', 'DELETE', `/modules/${key}/uninstall?workspace_id=${id('A1')}`),
      200,
    );
    const again = await install(key);
    expect(again.credentials.previous_expire_at).toStrictEqual(expect.any(String));
    const { items } = await json<{ items: InstallationCredentialView[] }>(await list(key), 200);
    expect(items.map((item) => [item.id, item.active, item.revoked_at !== null])).toStrictEqual(
      expect.arrayContaining([
        [installed.credentials.api_key?.id, false, true],
        [installed.credentials.webhook_secret?.id, false, true],
        [again.credentials.api_key?.id, true, false],
        [again.credentials.webhook_secret?.id, true, false],
      ]),
    );
  });
});

describe('POST and GET /modules/{key}/credentials', () => {
  it('rotates with an overlap, lists prefixes only, audits without secrets, and never repeats a secret', async () => {
    const { id: key } = await register();
    const first = (await install(key)).credentials;
    const response = await issue(key, 'A.agency_admin', { overlap_hours: 2 });
    const second = await json<IssuedCredentials>(response, 201);
    expect(Date.parse(second.previous_expire_at ?? '') - Date.now()).toBeGreaterThan(
      2 * 3600_000 - 60_000,
    );
    // Both webhook secrets sign while the overlap lasts, newest first.
    const installationId = await setup.database.admin
      .query<{ id: string }>(
        'select id from public.module_installations where workspace_id = $1 and module_key = $2',
        [id('A1'), key],
      )
      .then((result) => result.rows[0]?.id ?? '');
    expect(
      await webhookSecretsOf(setup.database.db, installationId, setup.deps.secrets),
    ).toStrictEqual([second.webhook_secret?.secret, first.webhook_secret?.secret]);

    const listed = await list(key);
    const listedText = await listed.clone().text();
    const { items } = await json<{ items: InstallationCredentialView[] }>(listed, 200);
    expect(items).toHaveLength(4);
    expect(items.every((item) => item.active)).toBe(true);
    expect(
      items
        .filter((item) => item.expires_at !== null)
        .map((item) => item.id)
        .sort(),
    ).toStrictEqual([first.api_key?.id, first.webhook_secret?.id].sort());
    expect(items[0]).toStrictEqual({
      id: expect.any(String),
      kind: expect.stringMatching(/^(api_key|webhook_secret)$/),
      prefix: expect.any(String),
      created_at: expect.any(String),
      expires_at: null,
      revoked_at: null,
      active: true,
    });

    const { rows: audits } = await setup.database.admin.query<{
      action: string;
      metadata_json: Record<string, unknown>;
      row: string;
    }>(
      `select action, metadata_json - 'people' as metadata_json, a::text as row
         from public.audit_logs a where correlation_id = $1`,
      [correlationIdOf(response)],
    );
    expect(audits.map((audit) => [audit.action, audit.metadata_json])).toStrictEqual([
      [
        'module.credentials_issue',
        {
          module_key: key,
          kinds: ['api_key', 'webhook_secret'],
          credential_ids: [second.api_key?.id, second.webhook_secret?.id],
          prefixes: [second.api_key?.prefix, second.webhook_secret?.prefix],
          overlap_hours: 2,
          previous_expire_at: second.previous_expire_at,
        },
      ],
    ]);

    // No secret in the list, in any audit row or in any log line of this API.
    const { rows: allAudits } = await setup.database.admin.query<{ row: string }>(
      'select a::text as row from public.audit_logs a',
    );
    const haystacks = [
      listedText,
      allAudits.map((audit) => audit.row).join('\n'),
      JSON.stringify(setup.logs),
    ];
    for (const secret of secretsOf(first, second)) {
      for (const haystack of haystacks) expect(haystack.includes(secret)).toBe(false);
      // Nor its body without the marker.
      for (const haystack of haystacks) expect(haystack.includes(secret.slice(6, 30))).toBe(false);
    }
  });

  it('issues one kind only, and overlap 0 revokes the previous one now', async () => {
    const { id: key } = await register();
    const first = (await install(key)).credentials;
    const only = await json<IssuedCredentials>(
      await issue(key, 'A.agency_admin', { kinds: ['api_key'], overlap_hours: 0 }),
      201,
    );
    expect(Object.keys(only).sort()).toStrictEqual(['api_key', 'previous_expire_at']);
    const { items } = await json<{ items: InstallationCredentialView[] }>(await list(key), 200);
    const byId = Object.fromEntries(items.map((item) => [item.id, item]));
    expect(byId[first.api_key?.id ?? '']).toMatchObject({
      active: false,
      revoked_at: expect.any(String),
    });
    expect(byId[first.webhook_secret?.id ?? '']).toMatchObject({ active: true, expires_at: null });
  });

  it('refuses other roles, another tenant, a business under its agency’s policy, a module not installed and a bad body, changing nothing', async () => {
    const { id: key } = await register();
    await install(key);
    const notInstalled = (await register()).id;
    const before = await snapshotTables(setup.database);
    const denied = { required_permission: 'modules.install' };
    for (const who of ['A1.business_manager', 'A1.business_user', 'A.agency_manager'] as const) {
      await expectError(await issue(key, who), 'PERMISSION_DENIED', denied);
      await expectError(await list(key, who), 'PERMISSION_DENIED', denied);
    }
    await expectError(
      await issue(key, 'A1.business_admin'),
      'PERMISSION_DENIED',
      {
        required_permission: 'modules.install',
        reason: 'agency_policy',
        policy_workspace_id: id('A'),
      },
      "Your agency manages this workspace's modules: ask them, or ask them to let businesses manage their own modules.",
    );
    for (const who of ['B.agency_admin', 'B1.business_admin'] as const) {
      await expectError(await issue(key, who), 'WORKSPACE_FORBIDDEN', { workspace_id: id('A1') });
      await expectError(await list(key, who), 'WORKSPACE_FORBIDDEN', { workspace_id: id('A1') });
    }
    await expectError(
      await issue(notInstalled, 'A.agency_admin'),
      'NOT_FOUND',
      undefined,
      'This module is not installed in this workspace.',
    );
    await expectError(
      await list(notInstalled),
      'NOT_FOUND',
      undefined,
      'This module is not installed in this workspace.',
    );
    await expectError(
      await issue(key, 'A.agency_admin', { overlap_hours: 500, kinds: ['password'] }),
      'VALIDATION_BLOCKING',
      {
        issues: [
          { path: 'body.kinds.0', message: expect.any(String) as string },
          { path: 'body.overlap_hours', message: expect.any(String) as string },
        ],
      },
    );
    expect(await snapshotTables(setup.database)).toStrictEqual(before);
  });

  it(`allows ${MODULE_CREDENTIAL_ISSUES_PER_10_MINUTES} issues per person and module in 10 minutes`, async () => {
    const { id: key } = await register();
    await install(key);
    for (let round = 0; round < MODULE_CREDENTIAL_ISSUES_PER_10_MINUTES; round += 1) {
      expect((await issue(key, 'A.agency_admin', { overlap_hours: 0 })).status).toBe(201);
    }
    const limited = await issue(key, 'A.agency_admin', { overlap_hours: 0 });
    expect(limited.status).toBe(429);
    expect(await limited.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    // Another person is counted apart.
    expect((await issue(key, 'S.super_admin', { overlap_hours: 0 })).status).toBe(201);
  });
});

import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { registerTestModule, testManifest } from '@aiconnected/modules/testing';
import { ShellError } from '@aiconnected/sdk-contracts';
import {
  newSecretKeys,
  openSecret,
  parseSecretKeys,
  type SealedSecret,
} from '@aiconnected/secrets';
import {
  authenticateInstallation,
  issueInstallationCredentials,
  listInstallationCredentials,
  webhookSecretsOf,
} from '../../src/credentials';
import { isPaidModuleVersion } from '../../src/credentials/module-version-paid';
import {
  actorOf,
  auditOf,
  cid,
  failure,
  seedSubscriber,
  setupOpsDatabase,
} from '../operations/support';

// Installation credentials on real Postgres with RLS: issuing (rotation with overlap),
// listing without secrets, authenticating an API key, opening webhook secrets; allowed and
// denied, and no secret in any row but its own hash or sealed envelope.

const world = setupOpsDatabase();
const ring = parseSecretKeys(newSecretKeys());
const ws = (key: 'A1' | 'B1') => world().tree.workspaces[key].id;
const agencyAdminA = () => actorOf(world().tree, 'agencyAdminA', 'A', 'agency_admin');
const businessAdminA1 = () => actorOf(world().tree, 'businessAdminA1', 'A1', 'business_admin');
const businessManagerA1 = () =>
  actorOf(world().tree, 'businessManagerA1', 'A1', 'business_manager');
const agencyAdminB = () => actorOf(world().tree, 'agencyAdminB', 'B', 'agency_admin');

async function installed(state: 'installed' | 'enabled' | 'disabled' | 'uninstalled' = 'enabled') {
  return seedSubscriber(world(), 'A1', state);
}

const issue = (
  moduleKey: string,
  options: { overlapHours?: number; kinds?: ('api_key' | 'webhook_secret')[] } = {},
  correlationId = cid('issue'),
) =>
  issueInstallationCredentials(world().test.db, agencyAdminA(), {
    workspaceId: ws('A1'),
    moduleKey,
    ring,
    correlationId,
    ...options,
  });

async function credentialRows(installationId: string) {
  const { rows } = await world().test.admin.query<{
    id: string;
    kind: string;
    prefix: string;
    secret_hash: Buffer | null;
    sealed_secret: SealedSecret | null;
    created_by: string | null;
    expires_at: Date | null;
    revoked_at: Date | null;
  }>(
    `select id, kind, prefix, secret_hash, sealed_secret, created_by, expires_at, revoked_at
       from public.module_installation_credentials where installation_id = $1 order by created_at`,
    [installationId],
  );
  return rows;
}

async function snapshotCredentials(): Promise<string> {
  const { rows } = await world().test.admin.query<{ digest: string }>(
    `select md5((select coalesce(string_agg(c::text, '|' order by c.id), '')
                   from public.module_installation_credentials c) ||
                (select count(*)::text from public.audit_logs)) as digest`,
  );
  return rows[0]?.digest ?? '';
}

describe('issueInstallationCredentials', () => {
  it('issues an API key and a webhook secret, shown once, stored as a hash and a sealed envelope, audited without them', async () => {
    const sub = await installed();
    const correlationId = cid('issue');
    const issued = await issue(sub.moduleKey, {}, correlationId);
    expect(issued).toStrictEqual({
      api_key: {
        id: expect.any(String),
        prefix: expect.any(String),
        secret: expect.stringMatching(/^aicm_[A-Za-z0-9_-]{43}$/),
      },
      webhook_secret: {
        id: expect.any(String),
        prefix: expect.any(String),
        secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
      },
      previous_expire_at: null,
    });
    const apiKey = issued.api_key?.secret ?? '';
    const webhookSecret = issued.webhook_secret?.secret ?? '';
    expect(issued.api_key?.prefix).toBe(apiKey.slice(0, 13));
    expect(issued.webhook_secret?.prefix).toBe(webhookSecret.slice(0, 14));

    const rows = await credentialRows(sub.installationId);
    const [key, secret] = rows;
    expect(rows.map((row) => [row.kind, row.created_by])).toStrictEqual([
      ['api_key', world().tree.users.agencyAdminA.id],
      ['webhook_secret', world().tree.users.agencyAdminA.id],
    ]);
    expect(key?.secret_hash).toStrictEqual(createHash('sha256').update(apiKey).digest());
    expect(key?.sealed_secret).toBeNull();
    expect(secret?.secret_hash).toBeNull();
    const aad = `module_installation_credentials:${secret?.id}:${sub.installationId}`;
    expect(openSecret(ring, secret?.sealed_secret as SealedSecret, aad)).toBe(webhookSecret);
    // No column of any row holds a secret in clear.
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(apiKey.slice(5));
    expect(stored).not.toContain(webhookSecret.slice(6));

    expect(await auditOf(world(), correlationId)).toStrictEqual([
      {
        workspace_id: ws('A1'),
        actor_user_id: world().tree.users.agencyAdminA.id,
        action: 'module.credentials_issue',
        target_type: 'module_installation',
        target_id: sub.moduleKey,
        metadata_json: {
          module_key: sub.moduleKey,
          kinds: ['api_key', 'webhook_secret'],
          credential_ids: [issued.api_key?.id, issued.webhook_secret?.id],
          prefixes: [issued.api_key?.prefix, issued.webhook_secret?.prefix],
          overlap_hours: 24,
          previous_expire_at: null,
        },
      },
    ]);
    const { rows: audits } = await world().test.admin.query<{ row: string }>(
      `select a::text as row from public.audit_logs a where correlation_id = $1`,
      [correlationId],
    );
    expect(audits.map((audit) => audit.row).join('')).not.toContain(apiKey.slice(5));
    expect(audits.map((audit) => audit.row).join('')).not.toContain(webhookSecret.slice(6));

    expect(await authenticateInstallation(world().test.db, apiKey)).toStrictEqual({
      installationId: sub.installationId,
      workspaceId: ws('A1'),
      moduleKey: sub.moduleKey,
      moduleVersion: '1.0.0',
      credentialId: issued.api_key?.id,
    });
    expect(await webhookSecretsOf(world().test.db, sub.installationId, ring)).toStrictEqual([
      webhookSecret,
    ]);
  });

  it('rotates with an overlap: both work until the old ones expire; overlap 0 revokes them now', async () => {
    const sub = await installed();
    const first = await issue(sub.moduleKey);
    const before = Date.now();
    const second = await issue(sub.moduleKey, { overlapHours: 2 });
    const expireAt = Date.parse(second.previous_expire_at ?? '');
    expect(expireAt).toBeGreaterThanOrEqual(before + 2 * 3600_000 - 5000);
    expect(expireAt).toBeLessThanOrEqual(Date.now() + 2 * 3600_000 + 5000);

    const db = world().test.db;
    for (const issued of [first, second]) {
      expect(await authenticateInstallation(db, issued.api_key?.secret ?? '')).toMatchObject({
        credentialId: issued.api_key?.id,
      });
    }
    // Newest first: the shell signs with both while they overlap.
    expect(await webhookSecretsOf(db, sub.installationId, ring)).toStrictEqual([
      second.webhook_secret?.secret,
      first.webhook_secret?.secret,
    ]);
    const listed = await listInstallationCredentials(db, agencyAdminA(), {
      workspaceId: ws('A1'),
      moduleKey: sub.moduleKey,
    });
    const states = Object.fromEntries(
      listed.map((item) => [item.id, [item.active, item.expires_at === null ? null : 'ends']]),
    );
    expect(states).toStrictEqual({
      [second.api_key?.id ?? '']: [true, null],
      [second.webhook_secret?.id ?? '']: [true, null],
      [first.api_key?.id ?? '']: [true, 'ends'],
      [first.webhook_secret?.id ?? '']: [true, 'ends'],
    });
    // Newest first.
    expect(
      listed
        .slice(2)
        .map((item) => item.id)
        .sort(),
    ).toStrictEqual([first.api_key?.id, first.webhook_secret?.id].sort());

    // The overlap ends: the old ones stop working.
    await world().test.admin.query(
      `update public.module_installation_credentials set expires_at = now() - interval '1 second'
        where id = any($1::uuid[])`,
      [[first.api_key?.id, first.webhook_secret?.id]],
    );
    expect(await authenticateInstallation(db, first.api_key?.secret ?? '')).toBeNull();
    expect(await webhookSecretsOf(db, sub.installationId, ring)).toStrictEqual([
      second.webhook_secret?.secret,
    ]);

    // Only the API key rotated, at once: the webhook secret stays, the old key is revoked.
    const third = await issue(sub.moduleKey, { overlapHours: 0, kinds: ['api_key'] });
    expect(third.webhook_secret).toBeUndefined();
    expect(Date.parse(third.previous_expire_at ?? '')).toBeLessThanOrEqual(Date.now());
    expect(await authenticateInstallation(db, second.api_key?.secret ?? '')).toBeNull();
    expect(await authenticateInstallation(db, third.api_key?.secret ?? '')).not.toBeNull();
    expect(await webhookSecretsOf(db, sub.installationId, ring)).toStrictEqual([
      second.webhook_secret?.secret,
    ]);
  });

  it('refuses the role below, a business under its agency policy, another tenant and a module not installed, changing nothing', async () => {
    const sub = await installed();
    const uninstalled = await installed('uninstalled');
    const before = await snapshotCredentials();
    const attempt = (actor: ReturnType<typeof agencyAdminA>, moduleKey = sub.moduleKey) =>
      failure(
        issueInstallationCredentials(world().test.db, actor, {
          workspaceId: ws('A1'),
          moduleKey,
          ring,
          correlationId: cid('denied'),
        }),
      );
    expect(await attempt(businessManagerA1())).toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(await attempt(businessAdminA1())).toMatchObject({
      code: 'PERMISSION_DENIED',
      details: { reason: 'agency_policy' },
    });
    expect(await attempt(agencyAdminB())).toMatchObject({ code: 'WORKSPACE_FORBIDDEN' });
    expect(await attempt(agencyAdminA(), 'never-installed')).toMatchObject({ code: 'NOT_FOUND' });
    expect(await attempt(agencyAdminA(), uninstalled.moduleKey)).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await snapshotCredentials()).toBe(before);
    // The module B1 installed is not A1's to see either.
    const other = await seedSubscriber(world(), 'B1');
    expect(await attempt(agencyAdminA(), other.moduleKey)).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('listInstallationCredentials', () => {
  it('lists prefixes and states, never a secret; refuses another tenant', async () => {
    const sub = await installed();
    const issued = await issue(sub.moduleKey);
    const listed = await listInstallationCredentials(world().test.db, agencyAdminA(), {
      workspaceId: ws('A1'),
      moduleKey: sub.moduleKey,
    });
    expect(listed).toHaveLength(2);
    for (const item of listed) {
      expect(Object.keys(item).sort()).toStrictEqual([
        'active',
        'created_at',
        'expires_at',
        'id',
        'kind',
        'prefix',
        'revoked_at',
      ]);
    }
    const text = JSON.stringify(listed);
    expect(text).not.toContain(issued.api_key?.secret);
    expect(text).not.toContain(issued.webhook_secret?.secret);
    expect(
      await failure(
        listInstallationCredentials(world().test.db, agencyAdminB(), {
          workspaceId: ws('A1'),
          moduleKey: sub.moduleKey,
        }),
      ),
    ).toMatchObject({ code: 'WORKSPACE_FORBIDDEN' });
    // RLS: the rows themselves are not readable by a tenant without modules.install there.
    const rows = await world().test.db.withWorkspace(agencyAdminB(), async (tx) => {
      const { rows: found } = await tx.query(
        'select id from public.module_installation_credentials where installation_id = $1',
        [sub.installationId],
      );
      return found;
    });
    expect(rows).toStrictEqual([]);
  });
});

describe('authenticateInstallation', () => {
  it('answers null for a malformed, unknown or revoked key and an installation not enabled', async () => {
    const sub = await installed();
    const issued = await issue(sub.moduleKey);
    const key = issued.api_key?.secret ?? '';
    const db = world().test.db;
    expect(await authenticateInstallation(db, key)).not.toBeNull();
    expect(await authenticateInstallation(db, 'aicm_short')).toBeNull();
    expect(
      await authenticateInstallation(db, `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`),
    ).toBeNull();
    expect(await authenticateInstallation(db, issued.webhook_secret?.secret ?? '')).toBeNull();
    await world().test.admin.query(
      `update public.module_installations set state = 'disabled' where id = $1`,
      [sub.installationId],
    );
    expect(await authenticateInstallation(db, key)).toBeNull();
    await world().test.admin.query(
      `update public.module_installations set state = 'enabled' where id = $1`,
      [sub.installationId],
    );
    await world().test.admin.query(
      `update public.module_installation_credentials set revoked_at = now() where id = $1`,
      [issued.api_key?.id],
    );
    expect(await authenticateInstallation(db, key)).toBeNull();
  });
});

describe('authenticateInstallation: a valid key whose module may not act', () => {
  const setStatus = (status: string) =>
    world().test.admin.query('update public.workspaces set status = $2 where id = $1', [
      ws('A1'),
      status,
    ]);

  it('throws WORKSPACE_FORBIDDEN while its workspace is suspended or archived; reactivated, it authenticates', async () => {
    const sub = await installed();
    const key = (await issue(sub.moduleKey)).api_key?.secret ?? '';
    const db = world().test.db;
    try {
      for (const status of ['suspended', 'archived']) {
        await setStatus(status);
        const refused = await authenticateInstallation(db, key).then(
          () => null,
          (error: unknown) => error,
        );
        expect(refused).toBeInstanceOf(ShellError);
        expect(refused).toMatchObject({
          code: 'WORKSPACE_FORBIDDEN',
          details: { reason: `workspace_${status}` },
        });
      }
    } finally {
      await setStatus('active');
    }
    expect(await authenticateInstallation(db, key)).toMatchObject({ workspaceId: ws('A1') });
  });

  it('a paid module: the gateway’s billing decision, from the snapshot cache when given, else read', async () => {
    const { test, tree } = world();
    const moduleKey = `paid-${randomUUID().slice(0, 8)}`;
    await registerTestModule(
      test.db,
      actorOf(tree, 'superAdmin', 'S', 'super_admin'),
      testManifest({ key: moduleKey, baseUrl: 'http://127.0.0.1:9/', paid: true }),
    );
    await test.admin.query(
      `insert into public.module_installations (workspace_id, module_key, module_version, state)
       values ($1, $2, '1.0.0', 'enabled')`,
      [ws('A1'), moduleKey],
    );
    const key = (await issue(moduleKey)).api_key?.secret ?? '';
    // No billing account for A1 or its agency: read, that is BILLING_REQUIRED (no_account).
    const refusal = (promise: Promise<unknown>) =>
      promise.then(
        () => null,
        (error: unknown) => error,
      );
    expect(await refusal(authenticateInstallation(test.db, key))).toMatchObject({
      code: 'BILLING_REQUIRED',
      details: { state: 'none', source_workspace_id: null, reason: 'no_account' },
    });
    const cached = (
      state: 'active' | 'past_due' | 'grace' | 'suspended' | 'canceled' | null,
      active = true,
    ) => ({
      active,
      snapshotOf: vi.fn((workspaceId: string) =>
        Promise.resolve({
          workspaceId,
          parentWorkspaceId: null,
          modules: new Map(),
          entitlement: state === null ? null : { state, source_workspace_id: workspaceId },
        }),
      ),
    });
    // A cache that is not active (not listening) is never asked: read.
    const inactive = cached('active', false);
    expect(
      await refusal(authenticateInstallation(test.db, key, { snapshots: inactive })),
    ).toMatchObject({ code: 'BILLING_REQUIRED', details: { reason: 'no_account' } });
    expect(inactive.snapshotOf).not.toHaveBeenCalled();
    // The cache's entitlement decides (nothing read): active and grace allow use.
    for (const state of ['active', 'past_due', 'grace'] as const) {
      const snapshots = cached(state);
      expect(await authenticateInstallation(test.db, key, { snapshots })).toMatchObject({
        moduleKey,
      });
      expect(snapshots.snapshotOf).toHaveBeenCalledWith(ws('A1'));
    }
    // A workspace last seen in grace (a snapshot the cache never keeps): read, cache not asked;
    // the read (no account, not grace) forgets it, so the next call asks the cache again.
    const afterGrace = cached('suspended');
    expect(
      await refusal(authenticateInstallation(test.db, key, { snapshots: afterGrace })),
    ).toMatchObject({ code: 'BILLING_REQUIRED', details: { reason: 'no_account' } });
    expect(afterGrace.snapshotOf).not.toHaveBeenCalled();
    expect(
      await refusal(authenticateInstallation(test.db, key, { snapshots: cached('suspended') })),
    ).toMatchObject({ code: 'BILLING_SUSPENDED', details: { reason: 'suspended' } });
    expect(
      await refusal(authenticateInstallation(test.db, key, { snapshots: cached('canceled') })),
    ).toMatchObject({ code: 'BILLING_REQUIRED', details: { reason: 'canceled' } });
    // A snapshot without an entitlement (its version no longer registered): read.
    expect(
      await refusal(authenticateInstallation(test.db, key, { snapshots: cached(null) })),
    ).toMatchObject({ code: 'BILLING_REQUIRED', details: { reason: 'no_account' } });
    // A free module never asks.
    const sub = await installed();
    const freeKey = (await issue(sub.moduleKey)).api_key?.secret ?? '';
    const snapshots = cached('suspended');
    expect(await authenticateInstallation(test.db, freeKey, { snapshots })).not.toBeNull();
    expect(snapshots.snapshotOf).not.toHaveBeenCalled();
  });
});

describe('isPaidModuleVersion', () => {
  it('reads registered versions only; a version not held as registered counts as paid, never free', async () => {
    const { test, tree } = world();
    const moduleKey = `tier-${randomUUID().slice(0, 8)}`;
    const manifest = (version: string, paid: boolean) =>
      testManifest({ key: moduleKey, version, baseUrl: 'http://127.0.0.1:9/', paid });
    const superAdmin = actorOf(tree, 'superAdmin', 'S', 'super_admin');
    await registerTestModule(test.db, superAdmin, manifest('1.0.0', true));
    await registerTestModule(test.db, superAdmin, manifest('1.1.0', false));
    await test.admin.query(
      `insert into public.module_registry (module_key, version, manifest_json, status)
       values ($1, '2.0.0', $2, 'draft')`,
      [moduleKey, JSON.stringify(manifest('2.0.0', false))],
    );
    expect(await isPaidModuleVersion(test.db, moduleKey, '1.0.0')).toBe(true);
    expect(await isPaidModuleVersion(test.db, moduleKey, '1.1.0')).toBe(false);
    // A draft, or a version not in the registry at all: paid, so the billing check applies.
    expect(await isPaidModuleVersion(test.db, moduleKey, '2.0.0')).toBe(true);
    expect(await isPaidModuleVersion(test.db, moduleKey, '9.9.9')).toBe(true);
    // Such an answer is not kept: registered later, its manifest decides.
    await test.admin.query(
      `update public.module_registry set status = 'registered', registered_at = now()
        where module_key = $1 and version = '2.0.0'`,
      [moduleKey],
    );
    expect(await isPaidModuleVersion(test.db, moduleKey, '2.0.0')).toBe(false);
  });
});

describe('webhookSecretsOf', () => {
  it('refuses a sealed secret moved to another installation row', async () => {
    const a = await installed();
    const b = await installed();
    await issue(a.moduleKey, { kinds: ['webhook_secret'] });
    await issue(b.moduleKey, { kinds: ['webhook_secret'] });
    // Copy A's sealed envelope into B's row: it was sealed for A's row and does not open there.
    await world().test.admin.query(
      `update public.module_installation_credentials b
          set sealed_secret = a.sealed_secret
         from public.module_installation_credentials a
        where a.installation_id = $1 and b.installation_id = $2
          and a.kind = 'webhook_secret' and b.kind = 'webhook_secret'`,
      [a.installationId, b.installationId],
    );
    await expect(webhookSecretsOf(world().test.db, b.installationId, ring)).rejects.toMatchObject({
      name: 'SealedSecretError',
      reason: 'not_authentic',
    });
  });
});

import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  setupTenantTreeDatabase,
  type TenantTree,
  type TestDatabase,
} from '@aiconnected/db/testing';
import { issueInstallationCredentials, webhookSecretsOf } from '@aiconnected/events';
import {
  INTEGRATION_CONNECTIONS_SEALED_COLUMN,
  openConnectionSecret,
  sealConnectionSecret,
} from '@aiconnected/integrations';
import { registerTestModule, testManifest } from '@aiconnected/modules/testing';
import { ROLE_CAPABILITIES } from '@aiconnected/permissions';
import { NOT_IMPERSONATING, type WorkspaceContext } from '@aiconnected/sdk-contracts';
import {
  newSecretKeys,
  parseSecretKeys,
  retireSecretKey,
  SealedSecretError,
  type SealedSecret,
} from '@aiconnected/secrets';
import { countSealedUnderVersion, rewrapSealedColumns, SEALED_COLUMNS } from './sealed-columns';

// keys:rotate -- secrets' re-wrap on real Postgres: webhook secrets sealed under KEK 1 are
// re-wrapped to KEK 2 in batches, still open (also once KEK 1 is retired), and a row that does
// not open stops the run without touching it.

let world: { database: TestDatabase; tree: TenantTree } | undefined;
setupTenantTreeDatabase((ready) => {
  world = ready;
});
const use = () => {
  if (!world) throw new Error('the database is not ready yet');
  return world;
};

function superActor(tree: TenantTree): WorkspaceContext {
  return {
    user_id: tree.users.superAdmin.id,
    session_id: randomUUID(),
    workspace_id: tree.workspaces.S.id,
    role_template: 'super_admin',
    permissions: [...ROLE_CAPABILITIES.super_admin],
    impersonation: NOT_IMPERSONATING,
  };
}

/** An installed module in A1 with `count` webhook secrets sealed under `ring` (one per rotation). */
async function installedWithSecrets(ring: ReturnType<typeof parseSecretKeys>, count: number) {
  const { database, tree } = use();
  const actor = superActor(tree);
  const key = `seal-${randomUUID().slice(0, 8)}`;
  await registerTestModule(
    database.db,
    actor,
    testManifest({ key, baseUrl: 'http://127.0.0.1:9/' }),
  );
  const { rows } = await database.admin.query<{ id: string }>(
    `insert into public.module_installations (workspace_id, module_key, module_version, state)
     values ($1, $2, '1.0.0', 'enabled') returning id`,
    [tree.workspaces.A1.id, key],
  );
  for (let round = 0; round < count; round += 1) {
    await issueInstallationCredentials(database.db, actor, {
      workspaceId: tree.workspaces.A1.id,
      moduleKey: key,
      kinds: ['webhook_secret'],
      overlapHours: 24,
      ring,
      correlationId: `seal-${round}`,
    });
  }
  return rows[0]?.id ?? '';
}

async function keksOf(installationId: string): Promise<number[]> {
  const { rows } = await use().database.admin.query<{ kek: number }>(
    `select (sealed_secret->>'kek')::int as kek from public.module_installation_credentials
      where installation_id = $1 order by created_at, id`,
    [installationId],
  );
  return rows.map((row) => row.kek);
}

describe('rewrapSealedColumns', () => {
  it('lists the webhook secrets and integration credentials columns', () => {
    expect(SEALED_COLUMNS.map((column) => `${column.table}.${column.column}`)).toStrictEqual([
      'public.module_installation_credentials.sealed_secret',
      'public.integration_connections.sealed_secret',
    ]);
  });

  it('re-wraps every row to the current KEK in batches; they open with it alone once the old KEK is retired', async () => {
    const first = newSecretKeys();
    const oldRing = parseSecretKeys(first);
    const installationId = await installedWithSecrets(oldRing, 3);
    const secrets = await webhookSecretsOf(use().database.db, installationId, oldRing);
    expect(secrets).toHaveLength(3);
    expect(await keksOf(installationId)).toStrictEqual([1, 1, 1]);

    const rotated = newSecretKeys(first);
    const ring = parseSecretKeys(rotated);
    expect(await countSealedUnderVersion(use().database.db, 1)).toBeGreaterThanOrEqual(3);
    const [report] = await rewrapSealedColumns(use().database.db, ring, { batchSize: 2 });
    expect(report).toMatchObject({
      table: 'public.module_installation_credentials',
      column: 'sealed_secret',
      remaining: 0,
    });
    expect(report?.rewrapped).toBeGreaterThanOrEqual(3);
    expect(await keksOf(installationId)).toStrictEqual([2, 2, 2]);
    expect(await countSealedUnderVersion(use().database.db, 1)).toBe(0);
    const retired = parseSecretKeys(retireSecretKey(rotated, 1));
    expect(await webhookSecretsOf(use().database.db, installationId, retired)).toStrictEqual(
      secrets,
    );
    // Nothing left to do the second time.
    expect((await rewrapSealedColumns(use().database.db, ring))[0]?.rewrapped).toBe(0);
  });

  it('stops at a row that does not open (moved from another row) and leaves it as it was', async () => {
    const first = newSecretKeys();
    const oldRing = parseSecretKeys(first);
    const a = await installedWithSecrets(oldRing, 1);
    const b = await installedWithSecrets(oldRing, 1);
    const { admin } = use().database;
    await admin.query(
      `update public.module_installation_credentials b set sealed_secret = a.sealed_secret
         from public.module_installation_credentials a
        where a.installation_id = $1 and b.installation_id = $2`,
      [a, b],
    );
    const before = await admin.query<{ sealed_secret: SealedSecret }>(
      'select sealed_secret from public.module_installation_credentials where installation_id = $1',
      [b],
    );
    const ring = parseSecretKeys(newSecretKeys(first));
    // The rows of the test before are under its own KEK 2 already: only a's and b's are due.
    await expect(rewrapSealedColumns(use().database.db, ring)).rejects.toBeInstanceOf(
      SealedSecretError,
    );
    const after = await admin.query<{ sealed_secret: SealedSecret }>(
      'select sealed_secret from public.module_installation_credentials where installation_id = $1',
      [b],
    );
    expect(after.rows).toStrictEqual(before.rows);
  });

  it('re-wraps the integration connections credentials with their row, workspace and provider', async () => {
    const { database, tree } = use();
    const first = newSecretKeys();
    const oldRing = parseSecretKeys(first);
    const { rows } = await database.admin.query<{ id: string }>(
      `insert into public.integration_connections
         (workspace_id, provider_key, provider_account_ref, status, connected_at)
       values ($1, 'github', 'rotation', 'active', now()) returning id`,
      [tree.workspaces.A1.id],
    );
    const row = {
      id: rows[0]?.id ?? '',
      workspace_id: tree.workspaces.A1.id,
      provider_key: 'github',
    };
    const credential = { secret: { access_token: 'standin_rotation' }, expiresAt: null };
    await database.admin.query(
      'update public.integration_connections set sealed_secret = $2 where id = $1',
      [row.id, JSON.stringify(sealConnectionSecret(oldRing, row, credential))],
    );
    const rotated = newSecretKeys(first);
    const [report] = await rewrapSealedColumns(database.db, parseSecretKeys(rotated), {
      columns: [INTEGRATION_CONNECTIONS_SEALED_COLUMN],
    });
    expect(report).toMatchObject({
      table: 'public.integration_connections',
      rewrapped: 1,
      remaining: 0,
    });
    const { rows: after } = await database.admin.query<{ sealed_secret: SealedSecret }>(
      'select sealed_secret from public.integration_connections where id = $1',
      [row.id],
    );
    const retired = parseSecretKeys(retireSecretKey(rotated, 1));
    const sealed = after[0]?.sealed_secret as SealedSecret;
    expect(sealed.kek).toBe(2);
    expect(openConnectionSecret(retired, { ...row, sealed_secret: sealed })).toStrictEqual(
      credential,
    );
  });
});

import { randomUUID } from 'node:crypto';
import { newSecretKeys, parseSecretKeys } from '@aiconnected/secrets';
import { describe, expect, it } from 'vitest';
import { resolveCredential } from '../../src/credentials/resolve-credential';
import {
  ProviderUnavailableError,
  type IntegrationProvider,
  type ProviderCredential,
} from '../../src/providers/provider';
import { createProviderRegistry } from '../../src/providers/provider-registry';
import { sealConnectionSecret } from '../../src/secrets/connection-secrets';
import {
  decisionsOf,
  failure,
  freshProvider,
  seedConnection,
  seedPolicy,
  setupCredentialsDatabase,
  type CredentialsWorld,
} from './support';

// Server-side resolution (design 13 §4): the decision is recorded like the API's (caller
// server), then the chosen connection's sealed credential is opened, or fetched from the
// backend and sealed again when missing, unopenable or about to lapse; the backend down then
// fails closed. The backend is a recording fake through the registry's override.

const world = setupCredentialsDatabase();
const ring = parseSecretKeys(newSecretKeys());

interface FakeBackend {
  calls: string[];
  next: ProviderCredential | ProviderUnavailableError;
  /** Runs while the backend is being asked (what happens meanwhile). */
  meanwhile?: () => Promise<unknown>;
}

function depsOf(backend: FakeBackend, logged: string[]) {
  const provider: IntegrationProvider = {
    backend: 'composio',
    initiate: () => Promise.reject(new Error('not used')),
    status: () => Promise.reject(new Error('not used')),
    revoke: () => Promise.reject(new Error('not used')),
    authConfigToolkit: () => Promise.reject(new Error('not used')),
    credential: async (id) => {
      backend.calls.push(id);
      await backend.meanwhile?.();
      if (backend.next instanceof ProviderUnavailableError) throw backend.next;
      return backend.next;
    },
  };
  return {
    providers: createProviderRegistry({ composio: null, overrides: { composio: provider } }),
    secretKeys: ring,
    logger: {
      warn: (obj: Record<string, unknown>, msg: string) =>
        logged.push(JSON.stringify({ obj, msg })),
    },
  };
}

const token = () => `standin_${randomUUID().replaceAll('-', '')}`;

/** An active connection of A1 with a backend account and, unless `sealed` is false, a sealed credential. */
async function seedSealed(
  { tree, test }: CredentialsWorld,
  providerKey: string,
  options: { expiresInMs: number; sealed?: boolean; sealedFor?: string },
): Promise<{ id: string; secret: string }> {
  const workspaceId = tree.workspaces.A1.id;
  const id = await seedConnection(test.admin, { workspaceId, providerKey, kind: 'valid' });
  const secret = token();
  const expiresAt = new Date(Date.now() + options.expiresInMs);
  const sealed = sealConnectionSecret(
    ring,
    { id: options.sealedFor ?? id, workspace_id: workspaceId, provider_key: providerKey },
    { secret: { access_token: secret }, expiresAt },
  );
  await test.admin.query(
    `update public.integration_connections
        set provider_connection_id = $2, sealed_secret = $3::jsonb, credential_expires_at = $4
      where id = $1`,
    [id, `ca_${randomUUID()}`, options.sealed === false ? null : JSON.stringify(sealed), expiresAt],
  );
  return { id, secret };
}

describe('resolveCredential (server side)', () => {
  it('opens the sealed credential without asking the backend, and records the decision', async () => {
    const w = world();
    const providerKey = freshProvider('sealed');
    const { id, secret } = await seedSealed(w, providerKey, { expiresInMs: 3_600_000 });
    const backend: FakeBackend = {
      calls: [],
      next: new ProviderUnavailableError('unreachable', 'down'),
    };
    const { result, secret: credential } = await resolveCredential(w.test.db, depsOf(backend, []), {
      workspaceId: w.tree.workspaces.A1.id,
      providerKey,
      moduleKey: 'notes',
      correlationId: 'server-sealed',
    });
    expect(credential.secret).toEqual({ access_token: secret });
    expect(result).toMatchObject({ connection_id: id, reason: 'own_credential' });
    expect(backend.calls).toEqual([]);
    expect(await decisionsOf(w.test.admin, providerKey)).toMatchObject([
      {
        id: result.decision_id,
        caller: 'server',
        module_key: 'notes',
        correlation_id: 'server-sealed',
        actor_user_id: null,
      },
    ]);
  });

  it('about to lapse, missing or unopenable: fetched from the backend and sealed again', async () => {
    const w = world();
    const logged: string[] = [];
    for (const options of [
      { expiresInMs: 30_000 },
      { expiresInMs: 3_600_000, sealed: false },
      // Sealed for another row: the envelope does not open here.
      { expiresInMs: 3_600_000, sealedFor: randomUUID() },
    ]) {
      const providerKey = freshProvider('fetch');
      const { id, secret: old } = await seedSealed(w, providerKey, options);
      const fresh = token();
      const expiresAt = new Date(Date.now() + 7_200_000);
      const backend: FakeBackend = {
        calls: [],
        next: { secret: { access_token: fresh }, expiresAt },
      };
      const deps = depsOf(backend, logged);
      const input = { workspaceId: w.tree.workspaces.A1.id, providerKey };
      const first = await resolveCredential(w.test.db, deps, input);
      expect(first.secret.secret).toEqual({ access_token: fresh });
      expect(backend.calls).toHaveLength(1);
      // Sealed into the row: the next resolution opens it without the backend.
      const second = await resolveCredential(w.test.db, deps, input);
      expect(second.secret.secret).toEqual({ access_token: fresh });
      expect(backend.calls).toHaveLength(1);
      const { rows } = await w.test.admin.query<{ credential_expires_at: Date; sealed: string }>(
        'select credential_expires_at, sealed_secret::text as sealed from public.integration_connections where id = $1',
        [id],
      );
      expect(rows[0]?.credential_expires_at.toISOString()).toBe(expiresAt.toISOString());
      expect(rows[0]?.sealed).not.toContain(fresh);
      expect(rows[0]?.sealed).not.toContain(old);
    }
    expect(logged.join('\n')).not.toMatch(/standin_/);
  });

  it('reconnected to another account while the old one is fetched: the new sealed credential stays', async () => {
    const w = world();
    const providerKey = freshProvider('swap');
    const { id } = await seedSealed(w, providerKey, { expiresInMs: 30_000 });
    const row = { id, workspace_id: w.tree.workspaces.A1.id, provider_key: providerKey };
    const renewed = token();
    const expiresAt = new Date(Date.now() + 3_600_000);
    const backend: FakeBackend = {
      calls: [],
      next: { secret: { access_token: token() }, expiresAt },
      // Disconnect, connect again and its callback: a new account with its own credential.
      meanwhile: () =>
        w.test.admin.query(
          `update public.integration_connections
              set provider_connection_id = $2, sealed_secret = $3::jsonb, credential_expires_at = $4
            where id = $1`,
          [
            id,
            `ca_${randomUUID()}`,
            JSON.stringify(
              sealConnectionSecret(ring, row, { secret: { access_token: renewed }, expiresAt }),
            ),
            expiresAt,
          ],
        ),
    };
    const deps = depsOf(backend, []);
    const input = { workspaceId: row.workspace_id, providerKey };
    await resolveCredential(w.test.db, deps, input);
    backend.meanwhile = undefined;
    const next = await resolveCredential(w.test.db, deps, input);
    expect(next.secret.secret).toEqual({ access_token: renewed });
    expect(backend.calls).toHaveLength(1);
  });

  it('the backend down: INTEGRATION_PROVIDER_UNAVAILABLE, no fallback, the decision stays resolved', async () => {
    const w = world();
    const providerKey = freshProvider('down');
    await seedSealed(w, providerKey, { expiresInMs: 10_000 });
    // The agency has a credential and A1 may fall back to it: still never used.
    await seedConnection(w.test.admin, {
      workspaceId: w.tree.workspaces.A.id,
      providerKey,
      kind: 'valid',
    });
    await seedPolicy(w.test.admin, {
      workspaceId: w.tree.workspaces.A1.id,
      providerKey,
      order: ['business', 'agency', 'super'],
      allow: true,
      whenInvalid: true,
    });
    const logged: string[] = [];
    const backend: FakeBackend = {
      calls: [],
      next: new ProviderUnavailableError('unreachable', 'down'),
    };
    const call = resolveCredential(w.test.db, depsOf(backend, logged), {
      workspaceId: w.tree.workspaces.A1.id,
      providerKey,
    });
    expect(await failure(call)).toEqual({
      code: 'INTEGRATION_PROVIDER_UNAVAILABLE',
      details: { reason: 'unreachable' },
    });
    expect(await decisionsOf(w.test.admin, providerKey)).toMatchObject([
      { outcome: 'resolved', resolved_scope: 'business', caller: 'server' },
    ]);
    expect(logged).toHaveLength(1);
    expect(logged.join('')).not.toMatch(/standin_/);
  });

  it('nothing to resolve: CREDENTIAL_RESOLUTION_FAILED with the recorded decision', async () => {
    const w = world();
    const providerKey = freshProvider('none');
    const backend: FakeBackend = {
      calls: [],
      next: new ProviderUnavailableError('unreachable', 'down'),
    };
    const refused = await failure(
      resolveCredential(w.test.db, depsOf(backend, []), {
        workspaceId: w.tree.workspaces.B1.id,
        providerKey,
      }),
    );
    const [row] = await decisionsOf(w.test.admin, providerKey);
    expect(refused).toEqual({
      code: 'CREDENTIAL_RESOLUTION_FAILED',
      details: { reason: 'fallback_not_allowed', decision_id: row?.id },
    });
    expect(row).toMatchObject({ caller: 'server', agency_workspace_id: w.tree.workspaces.B.id });
    expect(backend.calls).toEqual([]);
  });
});

import { openConnectionSecret } from '../../src/secrets/connection-secrets';
import { connectIntegration } from '../../src/connections/connect-integration';
import { disconnectIntegration } from '../../src/connections/disconnect-integration';
import { handleOAuthCallback } from '../../src/connections/handle-oauth-callback';
import { listConnections } from '../../src/connections/list-connections';
import type { SealedSecret } from '@aiconnected/secrets';
import { describe, expect, it } from 'vitest';
import { actorOf, cid, decide, failure, setupIntegrationsWorld, SCOPES } from '../support';

const world = setupIntegrationsWorld();
const admin = () => actorOf(world().tree, 'agencyAdminA', 'A', 'agency_admin');
const tokensSeen: string[] = [];

async function connect(
  ref: string,
  scopes = ['repo'],
  actor = admin(),
  workspace = actor.workspace_id,
) {
  const { test, deps } = world();
  return connectIntegration(
    test.db,
    deps,
    actor,
    { workspace_id: workspace, provider_key: 'github', provider_account_ref: ref, scopes },
    cid('connect'),
  );
}

async function rowOf(id: string) {
  const { rows } = await world().test.admin.query<{
    status: string;
    provider_connection_id: string | null;
    secret_ref: string | null;
    sealed_secret: SealedSecret | null;
    last_error: string | null;
    connected_at: Date | null;
    credential_expires_at: Date | null;
    workspace_id: string;
    provider_key: string;
  }>('select * from public.integration_connections where id = $1', [id]);
  const row = rows[0];
  if (row === undefined) throw new Error(`no connection ${id}`);
  return row;
}

async function auditOf(id: string) {
  const { rows } = await world().test.admin.query<{
    action: string;
    actor_user_id: string | null;
    metadata_json: Record<string, unknown>;
  }>(
    `select action, actor_user_id, metadata_json from public.audit_logs
      where target_type = 'integration_connection' and target_id = $1 order by created_at, id`,
    [id],
  );
  return rows;
}

/** Connects `ref` all the way: connect, Allow on the hosted page, the callback. */
async function connectActive(ref: string) {
  const { test, deps } = world();
  const started = await connect(ref);
  const token = await decide(started.oauth_url_or_status, 'allow');
  tokensSeen.push(token);
  const result = await handleOAuthCallback(test.db, deps, {
    token,
    userId: admin().user_id,
    correlationId: cid('callback'),
  });
  return { started, token, result };
}

describe('connect and the OAuth callback', () => {
  it('connect answers the hosted link; the callback activates and seals the credential', async () => {
    const { test, tree, deps, standIn } = world();
    const started = await connect('main', ['repo', 'read:user']);
    expect(started).toMatchObject({
      connection_state: 'initiated',
      connection: {
        workspace_id: tree.workspaces.A.id,
        backend: 'composio',
        provider_key: 'github',
        provider_account_ref: 'main',
        display_name: 'GitHub',
        status: 'initiated',
        scopes: ['repo', 'read:user'],
        connected_at: null,
        last_error: null,
      },
    });
    expect(started.connection).not.toHaveProperty('secret_ref');
    expect(started.connection).not.toHaveProperty('provider_connection_id');
    expect(started.oauth_url_or_status.startsWith(`${standIn.url}/link/`)).toBe(true);
    const id = started.connection.id;
    const initiated = await rowOf(id);
    expect(initiated.provider_connection_id).toMatch(/^ca_/);
    expect(initiated.secret_ref).toBe(`composio:${initiated.provider_connection_id}`);
    expect(initiated.sealed_secret).toBeNull();
    const account = standIn.accounts.get(initiated.provider_connection_id ?? '');
    expect(account).toMatchObject({ userId: `ws:${tree.workspaces.A.id}`, alias: 'main' });
    const callback = new URL(account?.callbackUrl ?? '');
    expect(callback.origin + callback.pathname).toBe(
      'http://localhost:3000/api/integrations/providers/composio/callback',
    );

    const token = await decide(started.oauth_url_or_status, 'allow');
    tokensSeen.push(token);
    expect(token).toBe(callback.searchParams.get('state'));
    const result = await handleOAuthCallback(test.db, deps, {
      token,
      userId: admin().user_id,
      correlationId: cid('callback'),
    });
    expect(result).toEqual({
      returnPath: '/settings/integrations',
      outcome: 'active',
      connectionId: id,
    });
    const active = await rowOf(id);
    expect(active).toMatchObject({ status: 'active', last_error: null });
    expect(active.connected_at).not.toBeNull();
    expect(active.credential_expires_at?.getTime()).toBeGreaterThan(Date.now());
    const credential = openConnectionSecret(deps.secretKeys, {
      id,
      workspace_id: active.workspace_id,
      provider_key: active.provider_key,
      sealed_secret: active.sealed_secret as SealedSecret,
    });
    expect(credential.secret.access_token).toBe(account?.accessToken);
    tokensSeen.push(account?.accessToken ?? '');

    expect(
      (await auditOf(id)).map((entry) => [entry.action, entry.actor_user_id, entry.metadata_json]),
    ).toEqual([
      [
        'integration.connect',
        admin().user_id,
        expect.objectContaining({
          provider_key: 'github',
          provider_account_ref: 'main',
          scopes: ['repo', 'read:user'],
          backend: 'composio',
        }),
      ],
      [
        'integration.activate',
        admin().user_id,
        expect.objectContaining({ status: { from: 'initiated', to: 'active' } }),
      ],
    ]);
    // The state is single use.
    expect(
      await failure(
        handleOAuthCallback(test.db, deps, { token, userId: admin().user_id, correlationId: 'c' }),
      ),
    ).toEqual({ code: 'INTEGRATION_OAUTH_STATE_INVALID', details: { reason: 'replayed' } });
    // An active account ref is not connected twice.
    expect(await failure(connect('main'))).toEqual({
      code: 'CONFLICT',
      details: { from: 'active', to: 'initiated' },
    });
  });

  it('Deny at the provider fails the connection; connecting the ref again reuses its row', async () => {
    const { test, deps, standIn } = world();
    const started = await connect('denied');
    const token = await decide(started.oauth_url_or_status, 'deny');
    const result = await handleOAuthCallback(test.db, deps, {
      token,
      userId: admin().user_id,
      correlationId: cid('callback'),
    });
    expect(result.outcome).toBe('failed');
    const failed = await rowOf(started.connection.id);
    expect(failed).toMatchObject({
      status: 'failed',
      last_error: 'provider_status:FAILED',
      sealed_secret: null,
    });
    expect((await auditOf(started.connection.id)).map((entry) => entry.action)).toEqual([
      'integration.connect',
      'integration.fail',
    ]);

    const again = await connect('denied');
    expect(again.connection.id).toBe(started.connection.id);
    expect(again.connection.status).toBe('initiated');
    // The earlier account was removed at the backend before the new link.
    expect(standIn.accounts.has(failed.provider_connection_id ?? '')).toBe(false);
    expect((await rowOf(again.connection.id)).provider_connection_id).not.toBe(
      failed.provider_connection_id,
    );
  });

  it("connecting the ref again retires the earlier attempt's state: its late callback cannot fail the new one", async () => {
    const { test, deps } = world();
    const first = await connect('two-tabs');
    const stale = await decide(first.oauth_url_or_status, 'allow');
    const again = await connect('two-tabs');
    expect(again.connection.id).toBe(first.connection.id);
    const callback = (token: string) =>
      handleOAuthCallback(test.db, deps, {
        token,
        userId: admin().user_id,
        correlationId: cid('callback'),
      });
    expect(await failure(callback(stale))).toEqual({
      code: 'INTEGRATION_OAUTH_STATE_INVALID',
      details: { reason: 'replayed' },
    });
    expect((await rowOf(again.connection.id)).status).toBe('initiated');
    const token = await decide(again.oauth_url_or_status, 'allow');
    tokensSeen.push(stale, token);
    expect((await callback(token)).outcome).toBe('active');
    expect((await rowOf(again.connection.id)).status).toBe('active');
  });

  it('the same new ref connected by concurrent requests: one row, never a database error (500)', async () => {
    const ref = 'at-once';
    // A unique violation would escape failure() as a database error: the request's 500.
    const outcomes = await Promise.all(Array.from({ length: 8 }, () => failure(connect(ref))));
    for (const outcome of outcomes) {
      if (outcome === 'ok') continue;
      // Lost the insert, or found the row re-initiated with its link not recorded yet.
      expect(outcome).toEqual({
        code: 'CONFLICT',
        details: {
          field: 'provider_account_ref',
          provider_account_ref: ref,
          reason: 'connect_in_progress',
        },
      });
    }
    expect(outcomes).toContain('ok');
    const { rows } = await world().test.admin.query<{ id: string }>(
      'select id from public.integration_connections where provider_account_ref = $1',
      [ref],
    );
    expect(rows).toHaveLength(1);
    // No loser reached the backend (its duplicate alias would have failed the row).
    expect((await rowOf(rows[0]?.id ?? '')).status).toBe('initiated');
  });

  it('Reconnect pressed twice at once: the second is CONFLICT, the first flow runs on', async () => {
    const { test, deps } = world();
    const callback = (token: string) =>
      handleOAuthCallback(test.db, deps, {
        token,
        userId: admin().user_id,
        correlationId: cid('callback'),
      });
    const denied = await connect('double-click');
    expect((await callback(await decide(denied.oauth_url_or_status, 'deny'))).outcome).toBe(
      'failed',
    );
    // The second press arrives while the first is inside the backend call (its row initiated,
    // its link not recorded yet): the first is held there by a gate until the second has been
    // answered, so the two overlap however slow the machine is.
    const backend = deps.providers.providerFor('composio');
    let entered!: () => void;
    const inBackend = new Promise<void>((resolve) => (entered = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const gatedDeps = {
      ...deps,
      providers: {
        ...deps.providers,
        providerFor: () => ({
          ...backend,
          initiate: async (request: Parameters<typeof backend.initiate>[0]) => {
            entered();
            await gate;
            return backend.initiate(request);
          },
        }),
      },
    };
    const first = connectIntegration(
      test.db,
      gatedDeps,
      admin(),
      {
        workspace_id: admin().workspace_id,
        provider_key: 'github',
        provider_account_ref: 'double-click',
        scopes: ['repo'],
      },
      cid('connect'),
    );
    await inBackend;
    expect(await failure(connect('double-click'))).toEqual({
      code: 'CONFLICT',
      details: {
        field: 'provider_account_ref',
        provider_account_ref: 'double-click',
        reason: 'connect_in_progress',
      },
    });
    release();
    const started = await first;
    const row = await rowOf(started.connection.id);
    expect(row).toMatchObject({ status: 'initiated', last_error: null });
    expect(row.provider_connection_id).not.toBeNull();
    const token = await decide(started.oauth_url_or_status, 'allow');
    tokensSeen.push(token);
    expect((await callback(token)).outcome).toBe('active');
  });

  it('the callback re-checks integrations.manage: revoked meanwhile -> refused, the row failed', async () => {
    const { test, tree, deps } = world();
    const started = await connect('revoked-meanwhile');
    const token = await decide(started.oauth_url_or_status, 'allow');
    tokensSeen.push(token);
    const demote = (role: string) =>
      test.admin.query(
        `update public.workspace_memberships set role_template = $3
          where user_id = $1 and workspace_id = $2`,
        [admin().user_id, tree.workspaces.A.id, role],
      );
    const callback = () =>
      handleOAuthCallback(test.db, deps, {
        token,
        userId: admin().user_id,
        correlationId: cid('callback'),
      });
    await demote('agency_user');
    try {
      expect(await failure(callback())).toEqual({
        code: 'PERMISSION_DENIED',
        details: { required_permission: 'integrations.manage', reason: 'permission_revoked' },
      });
    } finally {
      await demote('agency_admin');
    }
    const row = await rowOf(started.connection.id);
    expect(row).toMatchObject({
      status: 'failed',
      last_error: 'permission_revoked',
      sealed_secret: null,
    });
    expect((await auditOf(started.connection.id)).map((entry) => entry.action)).toEqual([
      'integration.connect',
      'integration.fail',
    ]);
    // The state is used up: permission back, the same callback cannot activate the row.
    expect(await failure(callback())).toEqual({
      code: 'INTEGRATION_OAUTH_STATE_INVALID',
      details: { reason: 'replayed' },
    });
    expect((await rowOf(started.connection.id)).status).toBe('failed');
  });

  it('refuses scopes outside the config and the credential policies on the ancestry', async () => {
    const { test, tree } = world();
    expect(await failure(connect('wide', ['repo', 'admin:org']))).toEqual({
      code: 'INTEGRATION_SCOPE_FORBIDDEN',
      details: { forbidden_scopes: ['admin:org'], allowed_scopes: SCOPES },
    });
    // Agency A narrows github to repo + read:user; business A1 narrows further to repo.
    await test.admin.query(
      `insert into public.credential_policies (workspace_id, provider_key, resolution_order_json, allowed_scopes)
       values ($1, 'github', '["agency","super"]', '["repo","read:user"]'),
              ($2, 'github', '["business","agency","super"]', '["repo","user:email"]')`,
      [tree.workspaces.A.id, tree.workspaces.A1.id],
    );
    const businessAdmin = actorOf(tree, 'businessAdminA1', 'A1', 'business_admin');
    expect(await failure(connect('narrow', ['read:user'], businessAdmin))).toEqual({
      code: 'INTEGRATION_SCOPE_FORBIDDEN',
      details: { forbidden_scopes: ['read:user'], allowed_scopes: ['repo'] },
    });
    expect((await connect('narrow', ['repo'], businessAdmin)).connection.status).toBe('initiated');
    expect(await failure(connect('narrow-a', ['user:email']))).toEqual({
      code: 'INTEGRATION_SCOPE_FORBIDDEN',
      details: { forbidden_scopes: ['user:email'], allowed_scopes: ['repo', 'read:user'] },
    });
  });

  it('refuses unknown or disabled providers, callers without integrations.manage and other tenants', async () => {
    const { test, tree, deps } = world();
    const request = (provider_key: string) => ({
      workspace_id: tree.workspaces.A.id,
      provider_key,
      provider_account_ref: 'x',
      scopes: ['repo'],
    });
    expect(
      await failure(connectIntegration(test.db, deps, admin(), request('gitlab'), 'c')),
    ).toEqual({
      code: 'NOT_FOUND',
      details: { provider_key: 'gitlab' },
    });
    await test.admin.query(
      `insert into public.integration_provider_configs (provider_key, auth_config_ref, display_name, enabled)
       values ('slack', 'ac_standin_slack', 'Slack', false)`,
    );
    expect(
      (await failure(connectIntegration(test.db, deps, admin(), request('slack'), 'c'))) as object,
    ).toMatchObject({
      code: 'NOT_FOUND',
    });
    const denied = [
      [actorOf(tree, 'agencyUserA', 'A', 'agency_user'), 'PERMISSION_DENIED'],
      [actorOf(tree, 'agencyManagerA', 'A', 'agency_manager'), 'PERMISSION_DENIED'],
      [actorOf(tree, 'agencyAdminB', 'B', 'agency_admin'), 'WORKSPACE_FORBIDDEN'],
      [actorOf(tree, 'businessAdminB1', 'B1', 'business_admin'), 'WORKSPACE_FORBIDDEN'],
    ] as const;
    for (const [actor, code] of denied) {
      const outcome = await failure(
        connectIntegration(test.db, deps, actor, request('github'), 'c'),
      );
      expect(outcome === 'ok' ? 'ok' : outcome.code).toBe(code);
    }
    const { rows } = await test.admin.query(
      `select 1 from public.integration_connections where provider_account_ref = 'x'`,
    );
    expect(rows).toHaveLength(0);
  });

  it('the backend unavailable: 503 with its reason, the row failed (provider_unavailable)', async () => {
    const { test, standIn } = world();
    standIn.setFailure('500');
    try {
      const outcome = await failure(connect('down'));
      expect(outcome).toEqual({
        code: 'INTEGRATION_PROVIDER_UNAVAILABLE',
        details: { reason: 'unreachable' },
      });
    } finally {
      standIn.setFailure(null);
    }
    const { rows } = await test.admin.query<{ status: string; last_error: string }>(
      `select status, last_error from public.integration_connections where provider_account_ref = 'down'`,
    );
    expect(rows).toEqual([{ status: 'failed', last_error: 'provider_unavailable' }]);
  });

  it('a callback by another user than the one who connected is refused, the state kept', async () => {
    const { test, tree, deps } = world();
    const started = await connect('other-user');
    const token = await decide(started.oauth_url_or_status, 'allow');
    tokensSeen.push(token);
    expect(
      await failure(
        handleOAuthCallback(test.db, deps, {
          token,
          userId: tree.users.agencyAdminB.id,
          correlationId: 'c',
        }),
      ),
    ).toEqual({ code: 'INTEGRATION_OAUTH_STATE_INVALID', details: { reason: 'user_mismatch' } });
    expect((await rowOf(started.connection.id)).status).toBe('initiated');
    const result = await handleOAuthCallback(test.db, deps, {
      token,
      userId: admin().user_id,
      correlationId: 'c',
    });
    expect(result.outcome).toBe('active');
  });
});

describe('disconnect and list', () => {
  it('disconnect revokes locally, drops the secret and removes the backend account', async () => {
    const { test, deps, standIn } = world();
    const { started } = await connectActive('to-drop');
    const id = started.connection.id;
    const accountId = (await rowOf(id)).provider_connection_id ?? '';
    const answer = await disconnectIntegration(
      test.db,
      deps,
      admin(),
      { workspace_id: admin().workspace_id, connection_id: id },
      cid('disconnect'),
    );
    expect(answer).toMatchObject({
      connection_state: 'revoked',
      connection: { id, status: 'revoked', last_error: null, credential_expires_at: null },
    });
    expect(await rowOf(id)).toMatchObject({ status: 'revoked', sealed_secret: null });
    expect(standIn.accounts.has(accountId)).toBe(false);
    expect((await auditOf(id)).at(-1)).toMatchObject({
      action: 'integration.disconnect',
      metadata_json: expect.objectContaining({ status: { from: 'active', to: 'revoked' } }),
    });
    // Again: answered as it is, nothing new audited.
    const again = await disconnectIntegration(
      test.db,
      deps,
      admin(),
      { workspace_id: admin().workspace_id, connection_id: id },
      'c',
    );
    expect(again.connection.status).toBe('revoked');
    expect(
      (await auditOf(id)).filter((entry) => entry.action === 'integration.disconnect'),
    ).toHaveLength(1);
  });

  it('the backend down at disconnect: revoked locally with revoke_pending', async () => {
    const { test, deps, standIn } = world();
    const { started } = await connectActive('pending-drop');
    standIn.setFailure('down');
    try {
      const answer = await disconnectIntegration(
        test.db,
        deps,
        admin(),
        { workspace_id: admin().workspace_id, connection_id: started.connection.id },
        'c',
      );
      expect(answer.connection).toMatchObject({ status: 'revoked', last_error: 'revoke_pending' });
    } finally {
      standIn.setFailure(null);
    }
    expect((await rowOf(started.connection.id)).sealed_secret).toBeNull();
  });

  it("another workspace's connection is NOT_FOUND; other tenants are WORKSPACE_FORBIDDEN", async () => {
    const { test, tree, deps } = world();
    const { started } = await connectActive('kept');
    const businessAdmin = actorOf(tree, 'businessAdminA1', 'A1', 'business_admin');
    expect(
      await failure(
        disconnectIntegration(
          test.db,
          deps,
          businessAdmin,
          { workspace_id: tree.workspaces.A1.id, connection_id: started.connection.id },
          'c',
        ),
      ),
    ).toEqual({ code: 'NOT_FOUND', details: { connection_id: started.connection.id } });
    const other = actorOf(tree, 'agencyAdminB', 'B', 'agency_admin');
    expect(
      await failure(
        disconnectIntegration(
          test.db,
          deps,
          other,
          { workspace_id: tree.workspaces.A.id, connection_id: started.connection.id },
          'c',
        ),
      ),
    ).toMatchObject({ code: 'WORKSPACE_FORBIDDEN' });
    expect(
      await failure(listConnections(test.db, other, { workspace_id: tree.workspaces.A.id })),
    ).toMatchObject({
      code: 'WORKSPACE_FORBIDDEN',
    });
    expect((await rowOf(started.connection.id)).status).toBe('active');
  });

  it('lists the workspace connections, filtered by provider and state', async () => {
    const { test, tree } = world();
    const all = await listConnections(test.db, admin(), { workspace_id: tree.workspaces.A.id });
    expect(all.items.length).toBeGreaterThan(3);
    expect(all.items.every((item) => item.workspace_id === tree.workspaces.A.id)).toBe(true);
    const active = await listConnections(test.db, admin(), {
      workspace_id: tree.workspaces.A.id,
      provider_key: 'github',
      status: 'active',
    });
    expect(active.items.length).toBeGreaterThan(0);
    expect(active.items.every((item) => item.status === 'active')).toBe(true);
    expect(JSON.stringify(all)).not.toMatch(/secret|ca_/);
  });

  it('no token, credential or state token in audit rows, states, events or logs', async () => {
    const { test, logged } = world();
    const { rows } = await test.admin.query<{ dump: string }>(
      `select (select coalesce(json_agg(metadata_json)::text, '') from public.audit_logs)
           || (select coalesce(json_agg(s)::text, '') from public.integration_oauth_states s)
           || (select coalesce(json_agg(payload_json)::text, '') from public.events) as dump`,
    );
    const haystack = (rows[0]?.dump ?? '') + JSON.stringify(logged);
    expect(tokensSeen.length).toBeGreaterThan(3);
    for (const secret of tokensSeen) {
      expect(secret.length).toBeGreaterThan(10);
      expect(haystack).not.toContain(secret);
    }
    // Any stand-in token (the auth config ac_standin_github may appear).
    expect(haystack).not.toMatch(/standin_[A-Za-z0-9_-]{24}/);
  });
});

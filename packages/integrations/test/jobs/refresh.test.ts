import type { SealedSecret } from '@aiconnected/secrets';
import { describe, expect, it } from 'vitest';
import { connectIntegration } from '../../src/connections/connect-integration';
import { disconnectIntegration } from '../../src/connections/disconnect-integration';
import { handleOAuthCallback } from '../../src/connections/handle-oauth-callback';
import { refreshCron } from '../../src/jobs/create-integrations-runtime';
import { pruneOAuthStates } from '../../src/jobs/prune-oauth-states';
import { refreshDueConnections } from '../../src/jobs/refresh-due-connections';
import { openConnectionSecret } from '../../src/secrets/connection-secrets';
import { actorOf, cid, decide, setupIntegrationsWorld } from '../support';

const world = setupIntegrationsWorld();
const admin = () => actorOf(world().tree, 'agencyAdminA', 'A', 'agency_admin');

async function started(ref: string) {
  const { test, deps } = world();
  return connectIntegration(
    test.db,
    deps,
    admin(),
    {
      workspace_id: admin().workspace_id,
      provider_key: 'github',
      provider_account_ref: ref,
      scopes: ['repo'],
    },
    cid('connect'),
  );
}

async function active(ref: string) {
  const { test, deps } = world();
  const connection = await started(ref);
  const token = await decide(connection.oauth_url_or_status, 'allow');
  await handleOAuthCallback(test.db, deps, { token, userId: admin().user_id, correlationId: 'c' });
  return connection.connection.id;
}

async function rowOf(id: string) {
  const { rows } = await world().test.admin.query<{
    id: string;
    workspace_id: string;
    provider_key: string;
    status: string;
    last_error: string | null;
    provider_connection_id: string;
    sealed_secret: SealedSecret | null;
    credential_expires_at: Date | null;
  }>('select * from public.integration_connections where id = $1', [id]);
  if (rows[0] === undefined) throw new Error('no row');
  return rows[0];
}

const tick = () => refreshDueConnections(world().test.db, world().deps, { staleMs: 0 });

describe('status refresh job', () => {
  it('an expiry or revocation at the provider reaches the row, audited without an actor', async () => {
    const { test, standIn } = world();
    const lapsing = await active('lapsing');
    const pulled = await active('pulled');
    standIn.expire((await rowOf(lapsing)).provider_connection_id);
    standIn.revokeUpstream((await rowOf(pulled)).provider_connection_id);
    const result = await tick();
    expect(result.changed).toBeGreaterThanOrEqual(2);
    expect(await rowOf(lapsing)).toMatchObject({
      status: 'expired',
      last_error: 'provider_status:EXPIRED',
      sealed_secret: null,
      credential_expires_at: null,
    });
    expect(await rowOf(pulled)).toMatchObject({
      status: 'revoked',
      last_error: 'provider_status:REVOKED',
    });
    const { rows } = await test.admin.query<{
      actor_user_id: string | null;
      metadata_json: object;
    }>(
      `select actor_user_id, metadata_json from public.audit_logs
        where action = 'integration.status_change' and target_id = $1`,
      [lapsing],
    );
    expect(rows).toEqual([
      {
        actor_user_id: null,
        metadata_json: expect.objectContaining({
          provider_key: 'github',
          provider_account_ref: 'lapsing',
          status: { from: 'active', to: 'expired' },
          reason: 'provider_status:EXPIRED',
        }) as object,
      },
    ]);
  });

  it('re-seals a credential lapsing within 10 minutes; leaves a fresh one alone', async () => {
    const { test, deps, standIn } = world();
    const id = await active('rotating');
    const before = await rowOf(id);
    const account = standIn.accounts.get(before.provider_connection_id);
    const firstToken = account?.accessToken;
    standIn.rotate(before.provider_connection_id, 3_600_000);
    await tick();
    // Not lapsing yet: the sealed credential is still the first one.
    const open = async () => {
      const row = await rowOf(id);
      return openConnectionSecret(deps.secretKeys, {
        ...row,
        sealed_secret: row.sealed_secret as SealedSecret,
      });
    };
    expect((await open()).secret.access_token).toBe(firstToken);
    await test.admin.query(
      `update public.integration_connections set credential_expires_at = now() + interval '5 minutes' where id = $1`,
      [id],
    );
    await tick();
    const renewed = await open();
    expect(renewed.secret.access_token).toBe(account?.accessToken);
    expect(renewed.secret.access_token).not.toBe(firstToken);
    expect((await rowOf(id)).credential_expires_at?.getTime()).toBeGreaterThan(
      Date.now() + 50 * 60_000,
    );
    // No known expiry: fetched again on every check.
    await test.admin.query(
      'update public.integration_connections set credential_expires_at = null where id = $1',
      [id],
    );
    const renewedToken = renewed.secret.access_token;
    standIn.rotate(before.provider_connection_id, 3_600_000);
    await tick();
    expect((await open()).secret.access_token).not.toBe(renewedToken);
    expect((await open()).secret.access_token).toBe(account?.accessToken);
  });

  it('activates a flow nobody came back from only while its starter still manages integrations', async () => {
    const { test, tree } = world();
    const demoted = await started('no-callback-demoted');
    await decide(demoted.oauth_url_or_status, 'allow');
    const setRole = (role: string) =>
      test.admin.query(
        `update public.workspace_memberships set role_template = $3
          where user_id = $1 and workspace_id = $2`,
        [admin().user_id, tree.workspaces.A.id, role],
      );
    await setRole('agency_user');
    try {
      await tick();
    } finally {
      await setRole('agency_admin');
    }
    expect(await rowOf(demoted.connection.id)).toMatchObject({
      status: 'failed',
      last_error: 'permission_revoked',
      sealed_secret: null,
    });
    const { rows: audit } = await test.admin.query<{ metadata_json: Record<string, unknown> }>(
      `select metadata_json from public.audit_logs
        where target_id = $1 and action = 'integration.status_change'`,
      [demoted.connection.id],
    );
    expect(audit.map((entry) => entry.metadata_json.reason)).toEqual(['permission_revoked']);

    const kept = await started('no-callback-kept');
    await decide(kept.oauth_url_or_status, 'allow');
    await tick();
    expect((await rowOf(kept.connection.id)).status).toBe('active');
    expect((await rowOf(demoted.connection.id)).status).toBe('failed');
  });

  it('an initiated connection whose link lapsed an hour ago expires; a recent one waits', async () => {
    const { test } = world();
    const old = await started('abandoned');
    const recent = await started('recent');
    await test.admin.query(
      `update public.integration_oauth_states
          set created_at = now() - interval '2 hours', expires_at = now() - interval '110 minutes'
        where connection_id = $1`,
      [old.connection.id],
    );
    await tick();
    expect(await rowOf(old.connection.id)).toMatchObject({
      status: 'expired',
      last_error: 'link_expired',
    });
    expect((await rowOf(recent.connection.id)).status).toBe('initiated');
  });

  it('retries the backend removal of a revoke_pending connection', async () => {
    const { test, deps, standIn } = world();
    const id = await active('revoke-later');
    const accountId = (await rowOf(id)).provider_connection_id;
    standIn.setFailure('down');
    try {
      await disconnectIntegration(
        test.db,
        deps,
        admin(),
        { workspace_id: admin().workspace_id, connection_id: id },
        'c',
      );
      expect((await rowOf(id)).last_error).toBe('revoke_pending');
      expect((await tick()).revoked).toBe(0);
    } finally {
      standIn.setFailure(null);
    }
    expect(standIn.accounts.has(accountId)).toBe(true);
    expect((await tick()).revoked).toBe(1);
    expect(standIn.accounts.has(accountId)).toBe(false);
    expect(await rowOf(id)).toMatchObject({ status: 'revoked', last_error: null });
  });

  it('the backend down: counted, rows untouched; recently checked rows are not due', async () => {
    const { test, deps, standIn } = world();
    const id = await active('steady');
    standIn.setFailure('500');
    try {
      const result = await tick();
      expect(result.unavailable).toBe(result.checked);
      expect(result.changed).toBe(0);
    } finally {
      standIn.setFailure(null);
    }
    expect((await rowOf(id)).status).toBe('active');
    const quiet = await refreshDueConnections(test.db, deps, { staleMs: 60_000 });
    expect(quiet.checked).toBe(0);
  });

  it('prunes OAuth states older than a day; schedules whole minutes', async () => {
    const { test } = world();
    const old = await started('prune-me');
    await test.admin.query(
      `update public.integration_oauth_states
          set created_at = now() - interval '25 hours', expires_at = now() - interval '24 hours 50 minutes'
        where connection_id = $1`,
      [old.connection.id],
    );
    expect(await pruneOAuthStates(test.db)).toBe(1);
    expect(refreshCron(300_000)).toBe('*/5 * * * *');
    expect(refreshCron(1_000)).toBe('* * * * *');
  });
});

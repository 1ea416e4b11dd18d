import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { consumeOAuthState, issueOAuthState } from '../../src/oauth/oauth-states';
import { failure, setupIntegrationsWorld } from '../support';

const world = setupIntegrationsWorld();

/** A connection row of `workspace` and a state for it issued to `user`. */
async function issued(
  workspace: 'A' | 'A1' = 'A',
  user: 'agencyAdminA' | 'businessAdminA1' = 'agencyAdminA',
) {
  const { test, tree } = world();
  const { rows } = await test.admin.query<{ id: string }>(
    `insert into public.integration_connections (workspace_id, provider_key, provider_account_ref)
     values ($1, 'github', $2) returning id`,
    [tree.workspaces[workspace].id, `ref-${Math.random().toString(36).slice(2, 10)}`],
  );
  const connectionId = rows[0]?.id ?? '';
  const state = await test.db.withService('test', (tx) =>
    issueOAuthState(tx, {
      workspaceId: tree.workspaces[workspace].id,
      userId: tree.users[user].id,
      backend: 'composio',
      providerKey: 'github',
      connectionId,
      returnPath: '/settings/integrations',
    }),
  );
  return { ...state, connectionId, userId: tree.users[user].id };
}

const refusal = (reason: string) => ({
  code: 'INTEGRATION_OAUTH_STATE_INVALID',
  details: { reason },
});

describe('OAuth states', () => {
  it('are stored as sha256 only, expire in 10 minutes, and are consumed once', async () => {
    const { test, tree } = world();
    const state = await issued();
    expect(state.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const { rows } = await test.admin.query<{ state_hash: Buffer; ttl: number }>(
      `select state_hash, extract(epoch from expires_at - created_at)::int as ttl
         from public.integration_oauth_states where connection_id = $1`,
      [state.connectionId],
    );
    expect(rows[0]?.state_hash.equals(createHash('sha256').update(state.token).digest())).toBe(
      true,
    );
    expect(rows[0]?.ttl).toBe(600);
    const dump = await test.admin.query('select * from public.integration_oauth_states');
    expect(JSON.stringify(dump.rows)).not.toContain(state.token);

    expect(await consumeOAuthState(test.db, { token: state.token, userId: state.userId })).toEqual({
      workspaceId: tree.workspaces.A.id,
      userId: state.userId,
      backend: 'composio',
      providerKey: 'github',
      connectionId: state.connectionId,
      returnPath: '/settings/integrations',
    });
    expect(
      await failure(consumeOAuthState(test.db, { token: state.token, userId: state.userId })),
    ).toEqual(refusal('replayed'));
  });

  it('two callbacks racing with one state: exactly one passes', async () => {
    const { test } = world();
    const state = await issued();
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        failure(consumeOAuthState(test.db, { token: state.token, userId: state.userId })),
      ),
    );
    expect(results.filter((result) => result === 'ok')).toHaveLength(1);
    expect(results.filter((result) => result !== 'ok')).toEqual([
      refusal('replayed'),
      refusal('replayed'),
    ]);
  });

  it('refuses forged and malformed tokens as unknown', async () => {
    const { test, tree } = world();
    const userId = tree.users.agencyAdminA.id;
    for (const token of ['', 'short', 'A'.repeat(43), `${'a'.repeat(42)}!`]) {
      expect(await failure(consumeOAuthState(test.db, { token, userId }))).toEqual(
        refusal('unknown'),
      );
    }
  });

  it('refuses an expired state', async () => {
    const { test } = world();
    const state = await issued();
    await test.admin.query(
      `update public.integration_oauth_states
          set created_at = now() - interval '20 minutes', expires_at = now() - interval '10 minutes'
        where connection_id = $1`,
      [state.connectionId],
    );
    expect(
      await failure(consumeOAuthState(test.db, { token: state.token, userId: state.userId })),
    ).toEqual(refusal('expired'));
  });

  it("refuses another user's callback without using the state up", async () => {
    const { test, tree } = world();
    const state = await issued();
    expect(
      await failure(
        consumeOAuthState(test.db, { token: state.token, userId: tree.users.agencyAdminB.id }),
      ),
    ).toEqual(refusal('user_mismatch'));
    expect(
      await failure(consumeOAuthState(test.db, { token: state.token, userId: state.userId })),
    ).toBe('ok');
  });

  it("refuses a state whose connection is not of the state's workspace", async () => {
    const { test, tree } = world();
    const state = await issued();
    await test.admin.query(
      'update public.integration_oauth_states set workspace_id = $2 where connection_id = $1',
      [state.connectionId, tree.workspaces.B.id],
    );
    expect(
      await failure(consumeOAuthState(test.db, { token: state.token, userId: state.userId })),
    ).toEqual(refusal('workspace_mismatch'));
  });
});

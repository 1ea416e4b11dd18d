import { randomBytes } from 'node:crypto';
import type { Tx } from '@aiconnected/db';
import { describe, expect, it } from 'vitest';
import { setupRlsDatabase } from './support/rls-database';
import { insertRow } from './support/rows';
import { memberContext, memberNamed, userIdOf, type WorkspaceKey } from './support/tenant-fixture';
import {
  asService,
  attempt,
  inRolledBackService,
  inRolledBackWorkspace,
  summarize,
} from './support/transactions';

// Migrations 045 and 046 beyond the generated matrix (visibility, writes, service-only): the
// sealed secret's column grant and write rule, the fallback switches' parent rule, the policy
// versions and their history, and the append-only records.

const rls = setupRlsDatabase();

const asMember = <T>(label: string, fn: (tx: Tx) => Promise<T>) =>
  inRolledBackWorkspace(rls.test.db, memberContext(rls.fixture, memberNamed(label)), fn);
const ws = (key: WorkspaceKey) => rls.fixture.workspaceIds[key];

/** As service inside `tx`: a connection of `key` holding a sealed secret. */
function newSealedConnection(tx: Tx, key: WorkspaceKey) {
  return asService(tx, (svc) =>
    insertRow(svc, 'integration_connections', {
      workspace_id: ws(key),
      provider_key: 'github',
      provider_account_ref: `main-${randomBytes(3).toString('hex')}`,
      status: 'active',
      provider_connection_id: `ca_${randomBytes(6).toString('hex')}`,
      secret_ref: 'composio:ca_x',
      sealed_secret: { v: 1, kid: 'k1', iv: 'AAAA', ct: 'BBBB' },
    }),
  );
}

/** As service inside `tx`: a credential policy of `key` for github. */
function newPolicy(tx: Tx, key: WorkspaceKey, values: Record<string, unknown> = {}) {
  return asService(tx, (svc) =>
    insertRow(svc, 'credential_policies', {
      workspace_id: ws(key),
      provider_key: 'github',
      ...values,
    }),
  );
}

describe('integration_connections (045)', () => {
  it('request code reads every column but the sealed secret', async () => {
    const outcomes = await asMember('A.agency_admin', async (tx) => {
      const id = await newSealedConnection(tx, 'A');
      return {
        listed: summarize(
          await attempt(
            tx,
            'select id, status, backend, secret_ref, provider_connection_id, credential_expires_at from public.integration_connections where id = $1',
            [id],
          ),
          true,
        ),
        secret: summarize(
          await attempt(
            tx,
            'select sealed_secret from public.integration_connections where id = $1',
            [id],
          ),
        ),
        star: summarize(await attempt(tx, 'select * from public.integration_connections')),
      };
    });
    expect(outcomes).toStrictEqual({ listed: 'ok:1', secret: '42501', star: '42501' });
  });

  it('request code never writes secret_ref, sealed_secret or provider_connection_id; the service does', async () => {
    const outcomes = await asMember('A.agency_admin', async (tx) => {
      const id = await newSealedConnection(tx, 'A');
      const update = (set: string) =>
        attempt(tx, `update public.integration_connections set ${set} where id = $1`, [id]).then(
          (outcome) => summarize(outcome, true),
        );
      const insert = (extra: string, value: unknown) =>
        attempt(
          tx,
          `insert into public.integration_connections (workspace_id, provider_key, provider_account_ref, ${extra}) values ($1, 'github', $2, $3)`,
          [ws('A'), `r-${randomBytes(3).toString('hex')}`, value],
        ).then((outcome) => summarize(outcome));
      return {
        displayName: await update("display_name = 'Work account'"),
        sealed: await update('sealed_secret = \'{"v":2}\''),
        cleared: await update('sealed_secret = null'),
        secretRef: await update("secret_ref = 'composio:ca_other'"),
        // Pointing the row at another tenant's connected account would have the job seal its token here.
        account: await update("provider_connection_id = 'ca_someone_else'"),
        insertSealed: await insert('sealed_secret', { v: 1 }),
        insertAccount: await insert('provider_connection_id', 'ca_someone_else'),
        insertPlain: await insert('display_name', 'plain'),
        service: await asService(tx, (svc) =>
          attempt(
            svc,
            'update public.integration_connections set sealed_secret = \'{"v":2}\' where id = $1',
            [id],
          ),
        ).then((outcome) => summarize(outcome, true)),
      };
    });
    expect(outcomes).toStrictEqual({
      displayName: 'ok:1',
      sealed: '42501',
      cleared: '42501',
      secretRef: '42501',
      account: '42501',
      insertSealed: '42501',
      insertAccount: '42501',
      insertPlain: 'ok',
      service: 'ok:1',
    });
  });

  it("holds the provider's states and code-like errors only; one row per backend account", async () => {
    const outcomes = await inRolledBackService(rls.test.db, 'test: 045 checks', async (svc) => {
      const insert = (values: Record<string, unknown>) =>
        attempt(
          svc,
          `insert into public.integration_connections (workspace_id, provider_key, provider_account_ref, status, last_error, provider_connection_id)
           values ($1, 'github', $2, $3, $4, $5)`,
          [
            ws('A1'),
            `r-${randomBytes(3).toString('hex')}`,
            values.status ?? 'initiated',
            values.last_error ?? null,
            values.provider_connection_id ?? null,
          ],
        ).then((outcome) => summarize(outcome));
      return {
        pending: await insert({ status: 'pending' }),
        disconnected: await insert({ status: 'disconnected' }),
        revoked: await insert({ status: 'revoked' }),
        codeError: await insert({ status: 'failed', last_error: 'provider_status:FAILED' }),
        bodyError: await insert({ status: 'failed', last_error: '<html>502 Bad Gateway</html>' }),
        first: await insert({ provider_connection_id: 'ca_same' }),
        sameAccount: await insert({ provider_connection_id: 'ca_same' }),
        defaultStatus: (
          await svc.query<{ status: string }>(
            `insert into public.integration_connections (workspace_id, provider_key, provider_account_ref)
             values ($1, 'github', 'default-status') returning status`,
            [ws('A1')],
          )
        ).rows[0]?.status,
      };
    });
    expect(outcomes).toStrictEqual({
      pending: '23514',
      disconnected: '23514',
      revoked: 'ok',
      codeError: 'ok',
      bodyError: '23514',
      first: 'ok',
      sameAccount: '23505',
      defaultStatus: 'initiated',
    });
  });
});

describe('integration_oauth_states (045)', () => {
  it('keeps a same-origin return path and a lifetime of at most 30 minutes', async () => {
    const outcomes = await inRolledBackService(
      rls.test.db,
      'test: 045 oauth states',
      async (svc) => {
        const connectionId = await insertRow(svc, 'integration_connections', {
          workspace_id: ws('A'),
          provider_key: 'github',
          provider_account_ref: 'oauth-checks',
        });
        const insert = (returnPath: string, ttlMinutes: number, hashBytes = 32) =>
          attempt(
            svc,
            `insert into public.integration_oauth_states
             (state_hash, workspace_id, user_id, backend, provider_key, connection_id, return_path, expires_at)
           values ($1, $2, $3, 'composio', 'github', $4, $5, now() + make_interval(mins => $6))`,
            [
              randomBytes(hashBytes),
              ws('A'),
              userIdOf(rls.fixture, memberNamed('A.agency_admin')),
              connectionId,
              returnPath,
              ttlMinutes,
            ],
          ).then((outcome) => summarize(outcome));
        return {
          ok: await insert('/settings/integrations?connect=1', 10),
          root: await insert('/', 10),
          protocolRelative: await insert('//evil.example/', 10),
          backslash: await insert('/\\evil.example', 10),
          absolute: await insert('https://evil.example/', 10),
          tooLong: await insert('/x', 31),
          expired: await insert('/x', 0),
          shortHash: await insert('/x', 10, 16),
        };
      },
    );
    expect(outcomes).toStrictEqual({
      ok: 'ok',
      root: 'ok',
      protocolRelative: '23514',
      backslash: '23514',
      absolute: '23514',
      tooLong: '23514',
      expired: '23514',
      shortHash: '23514',
    });
  });
});

describe('credential_policies (046): the fallback switches are the parent workspace’s', () => {
  const setSwitch = async (label: string, key: WorkspaceKey, set: string) =>
    asMember(label, async (tx) => {
      const id = await newPolicy(tx, key);
      const outcome = await attempt(
        tx,
        `update public.credential_policies set ${set} where id = $1`,
        [id],
      );
      return summarize(outcome, true);
    });

  it.each([
    // A business's own admin sets its order, not whether it may use its agency's credential.
    ['A1.business_admin', 'A1', 'allow_parent_fallback = true', '42501'],
    ['A1.business_admin', 'A1', `resolution_order_json = '["business","agency"]'`, 'ok:1'],
    ['A1.business_admin', 'A1', `allowed_scopes = '["repo"]'`, 'ok:1'],
    // Its agency's admin may, for its businesses only.
    ['A.agency_admin', 'A1', 'allow_parent_fallback = true', 'ok:1'],
    ['A.agency_admin', 'A1', 'allow_parent_fallback = true, fallback_when_invalid = true', 'ok:1'],
    ['A.agency_admin', 'B1', 'allow_parent_fallback = true', 'ok:0'],
    // An agency's switches are the platform's.
    ['A.agency_admin', 'A', 'allow_parent_fallback = true', '42501'],
    ['super.super_admin', 'A', 'allow_parent_fallback = true', 'ok:1'],
    ['super.super_admin', 'super', 'allow_parent_fallback = true', 'ok:1'],
    // Managers hold no credentials.inheritance.manage: RLS lets them change nothing.
    ['A.agency_manager', 'A1', 'allow_parent_fallback = true', 'ok:0'],
  ] as const)('%s in %s: %s -> %s', async (label, key, set, expected) => {
    expect(await setSwitch(label, key, set)).toBe(expected);
  });

  it('an insert with a switch on needs the parent too; invalid fallback needs fallback', async () => {
    const outcomes = await asMember('A1.business_admin', async (tx) => {
      const insert = (allow: boolean, invalid: boolean, order = '["business","agency","super"]') =>
        attempt(
          tx,
          `insert into public.credential_policies (workspace_id, provider_key, allow_parent_fallback, fallback_when_invalid, resolution_order_json)
           values ($1, $2, $3, $4, $5)`,
          [ws('A1'), `p-${randomBytes(3).toString('hex')}`, allow, invalid, order],
        ).then((outcome) => summarize(outcome));
      return {
        off: await insert(false, false),
        on: await insert(true, false),
        invalidOnly: await asService(tx, (svc) =>
          attempt(
            svc,
            `insert into public.credential_policies (workspace_id, provider_key, fallback_when_invalid) values ($1, 'x-invalid', true)`,
            [ws('A1')],
          ),
        ).then((outcome) => summarize(outcome)),
        gap: await insert(false, false, '["business","super"]'),
        reversed: await insert(false, false, '["agency","business"]'),
      };
    });
    expect(outcomes).toStrictEqual({
      off: 'ok',
      on: '42501',
      invalidOnly: '23514',
      gap: '23514',
      reversed: '23514',
    });
  });
});

describe('credential_policy_history (046)', () => {
  it('records every version whoever writes; version is the trigger’s, not the writer’s', async () => {
    const admin = userIdOf(rls.fixture, memberNamed('A.agency_admin'));
    const history = await asMember('A.agency_admin', async (tx) => {
      const { rows } = await tx.query<{ id: string; version: number }>(
        `insert into public.credential_policies (workspace_id, provider_key, version) values ($1, 'github', 7)
         returning id, version`,
        [ws('A1')],
      );
      const id = rows[0]?.id ?? '';
      const set = (sql: string) =>
        tx.query(`update public.credential_policies set ${sql} where id = $1`, [id]);
      await set('allow_parent_fallback = true');
      await set('allow_parent_fallback = true'); // no change: no version, no history
      await set('version = 40'); // ignored
      await set(`allowed_scopes = '["repo"]'`);
      await asService(tx, (svc) =>
        svc.query('delete from public.credential_policies where id = $1', [id]),
      );
      const read = await tx.query<{
        version: number;
        change: string;
        allow_parent_fallback: boolean;
        allowed_scopes: unknown;
        changed_by_user_id: string | null;
      }>(
        `select version, change, allow_parent_fallback, allowed_scopes, changed_by_user_id
           from public.credential_policy_history where policy_id = $1 order by version, change`,
        [id],
      );
      return { insertedVersion: rows[0]?.version, rows: read.rows };
    });
    expect(history).toStrictEqual({
      insertedVersion: 1,
      rows: [
        {
          version: 1,
          change: 'created',
          allow_parent_fallback: false,
          allowed_scopes: null,
          changed_by_user_id: admin,
        },
        {
          version: 2,
          change: 'updated',
          allow_parent_fallback: true,
          allowed_scopes: null,
          changed_by_user_id: admin,
        },
        {
          version: 3,
          change: 'deleted',
          allow_parent_fallback: true,
          allowed_scopes: ['repo'],
          changed_by_user_id: null,
        },
        {
          version: 3,
          change: 'updated',
          allow_parent_fallback: true,
          allowed_scopes: ['repo'],
          changed_by_user_id: admin,
        },
      ],
    });
  });

  it('is append-only: no update, not even by the service; only the service deletes (the prune)', async () => {
    const outcomes = await asMember('A.agency_admin', async (tx) => {
      await newPolicy(tx, 'A1');
      const only = `where workspace_id = '${ws('A1')}'`;
      return {
        memberUpdate: summarize(
          await attempt(tx, `update public.credential_policy_history set version = 9 ${only}`),
        ),
        memberDelete: summarize(
          await attempt(tx, `delete from public.credential_policy_history ${only}`),
        ),
        serviceUpdate: await asService(tx, (svc) =>
          attempt(svc, `update public.credential_policy_history set version = 9 ${only}`),
        ).then((outcome) => summarize(outcome)),
        serviceTruncate: await asService(tx, (svc) =>
          attempt(svc, 'truncate public.credential_policy_history'),
        ).then((outcome) => summarize(outcome)),
        servicePrune: await asService(tx, (svc) =>
          attempt(svc, `delete from public.credential_policy_history ${only}`),
        ).then((outcome) => summarize(outcome, true)),
      };
    });
    expect(outcomes).toStrictEqual({
      memberUpdate: '42501',
      memberDelete: '42501',
      serviceUpdate: '42501',
      serviceTruncate: '42501',
      servicePrune: 'ok:1',
    });
  });
});

describe('credential_resolution_decisions (046)', () => {
  const decision = (key: WorkspaceKey, values: Record<string, unknown> = {}) => ({
    workspace_id: ws(key),
    agency_workspace_id: key === 'super' ? null : ws(key.startsWith('A') ? 'A' : 'B'),
    provider_key: 'github',
    outcome: 'resolved',
    resolved_scope: 'agency',
    source_workspace_id: ws(key.startsWith('A') ? 'A' : 'B'),
    connection_id: null,
    reason: 'parent_fallback',
    steps: '[]',
    caller: 'server',
    ...values,
  });

  it('are consistent: resolved exactly with a source and a resolving reason', async () => {
    const outcomes = await inRolledBackService(rls.test.db, 'test: 046 decisions', async (svc) => {
      const insert = async (values: Record<string, unknown>) => {
        const { sql, params } = insertOf(decision('A1', values));
        return summarize(await attempt(svc, sql, params));
      };
      return {
        ok: await insert({}),
        noSource: await insert({ source_workspace_id: null }),
        failedWithScope: await insert({ outcome: 'failed' }),
        failedReason: await insert({ reason: 'not_found' }),
        failedOk: await insert({
          outcome: 'failed',
          resolved_scope: 'none',
          source_workspace_id: null,
          reason: 'fallback_not_allowed',
        }),
        stepsObject: await insert({ steps: '{}' }),
        badCaller: await insert({ caller: 'browser' }),
      };
    });
    expect(outcomes).toStrictEqual({
      ok: 'ok',
      noSource: '23514',
      failedWithScope: '23514',
      failedReason: '23514',
      failedOk: 'ok',
      stepsObject: '23514',
      badCaller: '23514',
    });
  });

  it('are append-only and never written by request code', async () => {
    const outcomes = await asMember('super.super_admin', async (tx) => {
      const id = await asService(tx, (svc) =>
        insertRow(svc, 'credential_resolution_decisions', decision('A1')),
      );
      const { sql, params } = insertOf(decision('A1'));
      return {
        read: summarize(
          await attempt(tx, 'select id from public.credential_resolution_decisions where id = $1', [
            id,
          ]),
          true,
        ),
        insert: summarize(await attempt(tx, sql, params)),
        serviceUpdate: await asService(tx, (svc) =>
          attempt(
            svc,
            "update public.credential_resolution_decisions set caller = 'api' where id = $1",
            [id],
          ),
        ).then((outcome) => summarize(outcome)),
      };
    });
    expect(outcomes).toStrictEqual({ read: 'ok:1', insert: '42501', serviceUpdate: '42501' });
  });
});

/** The INSERT of `values` into credential_resolution_decisions, as [sql, params]. */
function insertOf(values: Record<string, unknown>): { sql: string; params: unknown[] } {
  const columns = Object.keys(values);
  return {
    sql: `insert into public.credential_resolution_decisions (${columns.join(', ')}) values (${columns
      .map((_, i) => `$${i + 1}`)
      .join(', ')})`,
    params: Object.values(values),
  };
}

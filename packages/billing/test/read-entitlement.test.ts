import { randomUUID } from 'node:crypto';
import {
  setupTenantTreeDatabase,
  type TenantTree,
  type TenantUserKey,
  type TenantWorkspaceKey,
  type TestDatabase,
} from '@aiconnected/db/testing';
import { ROLE_CAPABILITIES, type RoleTemplate } from '@aiconnected/permissions';
import {
  NOT_IMPERSONATING,
  ShellError,
  toErrorEnvelope,
  type WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import { beforeEach, describe, expect, it } from 'vitest';
import { readEntitlement, requireModuleEntitlement, type Entitlement } from '../src';

// readEntitlement on real Postgres, inside a business member's own withWorkspace transaction
// (RLS would hide its agency's account from it), with billing_accounts rows seeded as the
// Stripe reconciliation would leave them.

let test: TestDatabase;
let tree: TenantTree;

setupTenantTreeDatabase((setup) => {
  ({ database: test, tree } = setup);
});

const ws = (key: TenantWorkspaceKey) => tree.workspaces[key].id;
function actor(user: TenantUserKey, workspace: TenantWorkspaceKey, role: RoleTemplate) {
  return {
    user_id: tree.users[user].id,
    session_id: randomUUID(),
    workspace_id: ws(workspace),
    role_template: role,
    permissions: [...ROLE_CAPABILITIES[role]],
    impersonation: NOT_IMPERSONATING,
  } satisfies WorkspaceContext;
}

async function account(key: TenantWorkspaceKey, status: string, graceEndsAt?: Date) {
  await test.admin.query(
    `insert into public.billing_accounts (workspace_id, status, grace_ends_at) values ($1, $2, $3)`,
    [
      ws(key),
      status,
      graceEndsAt ?? (status === 'grace' ? new Date(Date.now() + 86_400_000) : null),
    ],
  );
}

beforeEach(async () => {
  await test.admin.query('delete from public.billing_accounts');
});

const read = (key: TenantWorkspaceKey, who = actor('businessUserA1', 'A1', 'business_user')) =>
  test.db.withWorkspace(who, (tx) => readEntitlement(tx, ws(key)));

describe('readEntitlement', () => {
  it('is none without any account', async () => {
    expect(await read('A1')).toStrictEqual({ state: 'none', source_workspace_id: null });
  });

  it("reads a business's own account first", async () => {
    await account('A', 'active');
    await account('A1', 'past_due');
    expect(await read('A1')).toStrictEqual({ state: 'past_due', source_workspace_id: ws('A1') });
  });

  it("falls back to the parent agency's account, which RLS hides from the business's members", async () => {
    await account('A', 'suspended');
    const who = actor('businessUserA1', 'A1', 'business_user');
    const visible = await test.db.withWorkspace(who, async (tx) => {
      const { rows } = await tx.query('select workspace_id from public.billing_accounts');
      return rows;
    });
    expect(visible).toStrictEqual([]);
    expect(await read('A1', who)).toStrictEqual({
      state: 'suspended',
      source_workspace_id: ws('A'),
    });
  });

  it("never takes another agency's account, nor the super workspace's for an agency", async () => {
    await account('B', 'active');
    await account('S', 'active');
    expect(await read('A1')).toStrictEqual({ state: 'none', source_workspace_id: null });
    const admin = actor('agencyAdminA', 'A', 'agency_admin');
    expect(await read('A', admin)).toStrictEqual({ state: 'none', source_workspace_id: null });
  });

  it('counts a grace period that has ended as suspended', async () => {
    await account('A1', 'grace', new Date(Date.now() - 1000));
    expect(await read('A1')).toStrictEqual({ state: 'suspended', source_workspace_id: ws('A1') });
    await test.admin.query(
      `update public.billing_accounts set grace_ends_at = now() + interval '1 day' where workspace_id = $1`,
      [ws('A1')],
    );
    expect(await read('A1')).toStrictEqual({ state: 'grace', source_workspace_id: ws('A1') });
  });

  it('leaves the transaction as authenticated after the read', async () => {
    const role = await test.db.withWorkspace(
      actor('businessUserA1', 'A1', 'business_user'),
      async (tx) => {
        await readEntitlement(tx, ws('A1'));
        const { rows } = await tx.query<{ role: string }>('select current_user as role');
        return rows[0]?.role;
      },
    );
    expect(role).toBe('authenticated');
  });
});

describe('requireModuleEntitlement', () => {
  const source = '11111111-1111-4111-8111-111111111111';
  const envelopeOf = (entitlement: Entitlement) => {
    try {
      requireModuleEntitlement(entitlement);
      return 'ok';
    } catch (error) {
      if (!(error instanceof ShellError)) throw error;
      const { error: body } = toErrorEnvelope(error, 'cid');
      return { code: body.code, details: body.details };
    }
  };

  it.each([
    ['active', 'ok'],
    ['past_due', 'ok'],
    ['grace', { code: 'BILLING_SUSPENDED', reason: 'grace' }],
    ['suspended', { code: 'BILLING_SUSPENDED', reason: 'suspended' }],
    ['canceled', { code: 'BILLING_REQUIRED', reason: 'canceled' }],
    ['none', { code: 'BILLING_REQUIRED', reason: 'no_account' }],
  ] as const)('%s -> %j', (state, expected) => {
    const source_workspace_id = state === 'none' ? null : source;
    expect(envelopeOf({ state, source_workspace_id })).toStrictEqual(
      expected === 'ok'
        ? 'ok'
        : {
            code: expected.code,
            details: { state, source_workspace_id, reason: expected.reason },
          },
    );
  });
});

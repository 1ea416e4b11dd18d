import { describe, expect, it } from 'vitest';
import type { PutCredentialPolicyRequest } from '@aiconnected/sdk-contracts';
import { getCredentialPolicy } from '../../src/credentials/get-credential-policy';
import { listCredentialPolicyHistory } from '../../src/credentials/list-credential-policy-history';
import { pruneCredentialRecords } from '../../src/credentials/prune-credential-records';
import { putCredentialPolicy } from '../../src/credentials/put-credential-policy';
import { actorOf, failure, freshProvider, setupCredentialsDatabase } from './support';

// Credential policies (PRD §12.3, §12.5, §23.5; design 13 §1): the default without a row,
// versions and history written by 046's triggers, optimistic concurrency, who sets the
// fallback switches (the parent), the order's first level, audit, paging and the 365-day prune.

const world = setupCredentialsDatabase();
const cid = 'test-policies';

function putOf(
  workspaceId: string,
  providerKey: string,
  change: Partial<PutCredentialPolicyRequest> = {},
): PutCredentialPolicyRequest {
  return {
    workspace_id: workspaceId,
    provider_key: providerKey,
    resolution_order: ['business', 'agency', 'super'],
    allow_parent_fallback: false,
    fallback_when_invalid: false,
    allowed_scopes: null,
    expected_version: 0,
    ...change,
  };
}

describe('credential policies', () => {
  it('without a row: the default, version 0, worded by describeCredentialPolicy', async () => {
    const { tree, test } = world();
    const actor = actorOf(tree, 'agencyAdminA', 'A', 'agency_admin');
    const providerKey = freshProvider('default');
    const business = await getCredentialPolicy(test.db, actor, {
      workspace_id: tree.workspaces.A1.id,
      provider_key: providerKey,
    });
    expect(business).toMatchObject({
      id: null,
      version: 0,
      resolution_order: ['business', 'agency', 'super'],
      allow_parent_fallback: false,
      fallback_when_invalid: false,
      allowed_scopes: null,
      effective: { levels: ['business'] },
    });
    expect(business.effective.sentence).toMatch(/falling back .* is off/);
    const agency = await getCredentialPolicy(test.db, actor, {
      workspace_id: tree.workspaces.A.id,
      provider_key: providerKey,
    });
    expect(agency.resolution_order).toEqual(['agency', 'super']);
  });

  it('versions, history and audit: created v1, updated v2, the same values change nothing', async () => {
    const { tree, test } = world();
    const actor = actorOf(tree, 'agencyAdminA', 'A', 'agency_admin');
    const providerKey = freshProvider('versions');
    const workspaceId = tree.workspaces.A1.id;
    const first = await putCredentialPolicy(
      test.db,
      actor,
      putOf(workspaceId, providerKey, { allow_parent_fallback: true }),
      { correlationId: cid },
    );
    expect(first).toMatchObject({ version: 1, allow_parent_fallback: true });
    expect(first.id).not.toBeNull();
    const second = await putCredentialPolicy(
      test.db,
      actor,
      putOf(workspaceId, providerKey, {
        allow_parent_fallback: true,
        fallback_when_invalid: true,
        allowed_scopes: ['repo'],
        expected_version: 1,
      }),
      { correlationId: cid },
    );
    expect(second).toMatchObject({ id: first.id, version: 2, allowed_scopes: ['repo'] });
    const same = await putCredentialPolicy(
      test.db,
      actor,
      putOf(workspaceId, providerKey, {
        allow_parent_fallback: true,
        fallback_when_invalid: true,
        allowed_scopes: ['repo'],
        expected_version: 2,
      }),
      { correlationId: cid },
    );
    expect(same.version).toBe(2);
    expect(
      await getCredentialPolicy(test.db, actor, {
        workspace_id: workspaceId,
        provider_key: providerKey,
      }),
    ).toEqual(second);

    const history = await listCredentialPolicyHistory(test.db, actor, {
      workspace_id: workspaceId,
      provider_key: providerKey,
      limit: 50,
    });
    expect(history.items.map((item) => [item.version, item.change])).toEqual([
      [2, 'updated'],
      [1, 'created'],
    ]);
    expect(history.items[0]).toMatchObject({
      fallback_when_invalid: true,
      allowed_scopes: ['repo'],
      changed_by_user_id: tree.users.agencyAdminA.id,
    });

    const { rows } = await test.admin.query<{ metadata_json: Record<string, unknown> }>(
      `select metadata_json from public.audit_logs
        where action = 'credentials.policy_update' and target_id = $1 order by created_at`,
      [first.id],
    );
    // The audit writer adds who was involved (`people`); the rest is ours.
    expect(rows.map(({ metadata_json: { people: _people, ...rest } }) => rest)).toEqual([
      {
        provider_key: providerKey,
        version: 1,
        allow_parent_fallback: { from: false, to: true },
      },
      {
        provider_key: providerKey,
        version: 2,
        fallback_when_invalid: { from: false, to: true },
        allowed_scopes: { from: null, to: ['repo'] },
      },
    ]);
  });

  it('a stale expected_version is CONFLICT with the current version, and writes nothing', async () => {
    const { tree, test } = world();
    const actor = actorOf(tree, 'agencyAdminA', 'A', 'agency_admin');
    const providerKey = freshProvider('stale');
    const workspaceId = tree.workspaces.A1.id;
    await putCredentialPolicy(test.db, actor, putOf(workspaceId, providerKey), {
      correlationId: cid,
    });
    // Two editors read "no row"; the second one's save is stale.
    expect(
      await failure(
        putCredentialPolicy(
          test.db,
          actor,
          putOf(workspaceId, providerKey, { resolution_order: ['business'] }),
          { correlationId: cid },
        ),
      ),
    ).toEqual({
      code: 'CONFLICT',
      details: { field: 'expected_version', current_version: 1 },
    });
    expect(
      await failure(
        putCredentialPolicy(
          test.db,
          actor,
          putOf(workspaceId, providerKey, { expected_version: 5 }),
          { correlationId: cid },
        ),
      ),
    ).toMatchObject({ code: 'CONFLICT' });
    const policy = await getCredentialPolicy(test.db, actor, {
      workspace_id: workspaceId,
      provider_key: providerKey,
    });
    expect(policy).toMatchObject({ version: 1, resolution_order: ['business', 'agency', 'super'] });
  });

  it('two concurrent first saves: one wins, the other is CONFLICT', async () => {
    const { tree, test } = world();
    const actor = actorOf(tree, 'agencyAdminA', 'A', 'agency_admin');
    const providerKey = freshProvider('race');
    const body = putOf(tree.workspaces.A1.id, providerKey);
    const outcomes = await Promise.all([
      failure(putCredentialPolicy(test.db, actor, body, { correlationId: cid })),
      failure(
        putCredentialPolicy(
          test.db,
          actor,
          { ...body, resolution_order: ['business'] },
          { correlationId: cid },
        ),
      ),
    ]);
    expect(outcomes.filter((outcome) => outcome === 'ok')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome !== 'ok')).toMatchObject([{ code: 'CONFLICT' }]);
  });

  it("the order starts at the workspace's level (VALIDATION_BLOCKING)", async () => {
    const { tree, test } = world();
    const actor = actorOf(tree, 'agencyAdminA', 'A', 'agency_admin');
    const providerKey = freshProvider('order');
    for (const [workspace, order] of [
      ['A1', ['agency', 'super']],
      ['A', ['business', 'agency', 'super']],
      ['A', ['super']],
    ] as const) {
      const body = putOf(tree.workspaces[workspace].id, providerKey, {
        resolution_order: [...order],
      });
      expect(
        await failure(putCredentialPolicy(test.db, actor, body, { correlationId: cid })),
      ).toMatchObject({
        code: 'VALIDATION_BLOCKING',
        details: { issues: [{ path: 'body.resolution_order' }] },
      });
    }
  });

  it('the fallback switches are set in the parent workspace', async () => {
    const { tree, test } = world();
    const providerKey = freshProvider('switches');
    const businessAdmin = actorOf(tree, 'businessAdminA1', 'A1', 'business_admin');
    const agencyAdmin = actorOf(tree, 'agencyAdminA', 'A', 'agency_admin');
    const superAdmin = actorOf(tree, 'superAdmin', 'S', 'super_admin');
    const a1 = tree.workspaces.A1.id;
    /** A1's policy as `who` saves it: business then agency, scope repo, with `change`. */
    const putA1 = (who: typeof businessAdmin, change: Partial<PutCredentialPolicyRequest>) =>
      putCredentialPolicy(
        test.db,
        who,
        putOf(a1, providerKey, {
          resolution_order: ['business', 'agency'],
          allowed_scopes: ['repo'],
          ...change,
        }),
        { correlationId: cid },
      );
    const fallbackOn = { allow_parent_fallback: true, expected_version: 1 };

    // The business admin sets its order and scopes, not the switches.
    const own = await putA1(businessAdmin, {});
    expect(own.version).toBe(1);
    expect(await failure(putA1(businessAdmin, fallbackOn))).toEqual({
      code: 'PERMISSION_DENIED',
      details: {
        required_permission: 'credentials.inheritance.manage',
        field: 'allow_parent_fallback',
        workspace_id: tree.workspaces.A.id,
      },
    });
    // Its agency's admin may.
    const switched = await putA1(agencyAdmin, fallbackOn);
    expect(switched).toMatchObject({ version: 2, allow_parent_fallback: true });
    // Keeping the switches as they are lets the business admin change the rest.
    expect(
      await putA1(businessAdmin, {
        resolution_order: ['business'],
        allowed_scopes: null,
        allow_parent_fallback: true,
        expected_version: 2,
      }),
    ).toMatchObject({ version: 3, allow_parent_fallback: true, resolution_order: ['business'] });

    // An agency's own switches are the platform's.
    const agencyBody = putOf(tree.workspaces.A.id, providerKey, {
      resolution_order: ['agency', 'super'],
      allow_parent_fallback: true,
    });
    expect(
      await failure(putCredentialPolicy(test.db, agencyAdmin, agencyBody, { correlationId: cid })),
    ).toMatchObject({ code: 'PERMISSION_DENIED', details: { field: 'allow_parent_fallback' } });
    expect(
      await putCredentialPolicy(test.db, superAdmin, agencyBody, { correlationId: cid }),
    ).toMatchObject({ version: 1, allow_parent_fallback: true });
  });

  it('046 refuses the switches to request code that skips the package check', async () => {
    const { tree, test } = world();
    const providerKey = freshProvider('rls');
    const businessAdmin = actorOf(tree, 'businessAdminA1', 'A1', 'business_admin');
    const refused = await failure(
      test.db.withWorkspace(businessAdmin, (tx) =>
        tx.query(
          `insert into public.credential_policies (workspace_id, provider_key, allow_parent_fallback)
           values ($1, $2, true)`,
          [tree.workspaces.A1.id, providerKey],
        ),
      ),
    ).catch((error: unknown) => (error as { code?: string }).code);
    expect(refused).toBe('42501');
  });

  // Who is refused which call: an agency admin outside its tree, a business user without the
  // capability in its own workspace.
  type Call = (
    db: Parameters<typeof getCredentialPolicy>[0],
    actor: Parameters<typeof getCredentialPolicy>[1],
    policy: { workspace_id: string; provider_key: string },
  ) => Promise<unknown>;
  const calls: Record<'get' | 'put' | 'history', Call> = {
    get: (db, actor, policy) => getCredentialPolicy(db, actor, policy),
    put: (db, actor, policy) =>
      putCredentialPolicy(db, actor, putOf(policy.workspace_id, policy.provider_key), {
        correlationId: cid,
      }),
    history: (db, actor, policy) =>
      listCredentialPolicyHistory(db, actor, { ...policy, limit: 50 }),
  };
  const who = {
    agencyAdminA: ['A', 'agency_admin'],
    businessUserA1: ['A1', 'business_user'],
  } as const;
  it.each([
    ['agencyAdminA', 'get', 'B1', 'WORKSPACE_FORBIDDEN'],
    ['agencyAdminA', 'put', 'B1', 'WORKSPACE_FORBIDDEN'],
    ['agencyAdminA', 'history', 'B1', 'WORKSPACE_FORBIDDEN'],
    ['businessUserA1', 'get', 'A1', 'PERMISSION_DENIED'],
    ['businessUserA1', 'put', 'A1', 'PERMISSION_DENIED'],
  ] as const)('%s: %s in %s is %s', async (user, call, workspace, code) => {
    const { tree, test } = world();
    const [home, role] = who[user];
    const actor = actorOf(tree, user, home, role);
    const policy = {
      workspace_id: tree.workspaces[workspace].id,
      provider_key: freshProvider('access'),
    };
    expect(await failure(calls[call](test.db, actor, policy))).toMatchObject({ code });
  });
});

describe('policy history: paging and the 365-day prune', () => {
  it('pages newest first with cursors; a foreign cursor is VALIDATION_BLOCKING', async () => {
    const { tree, test } = world();
    const actor = actorOf(tree, 'agencyAdminA', 'A', 'agency_admin');
    const providerKey = freshProvider('paging');
    const workspaceId = tree.workspaces.A1.id;
    const orders = [['business'], ['business', 'agency'], ['business', 'agency', 'super']] as const;
    for (const [version, order] of orders.entries()) {
      await putCredentialPolicy(
        test.db,
        actor,
        putOf(workspaceId, providerKey, {
          resolution_order: [...order],
          expected_version: version,
        }),
        { correlationId: cid },
      );
    }
    const versions: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await listCredentialPolicyHistory(test.db, actor, {
        workspace_id: workspaceId,
        provider_key: providerKey,
        limit: 1,
        cursor,
      });
      versions.push(...page.items.map((item) => item.version));
      cursor = page.next_cursor ?? undefined;
    } while (cursor !== undefined);
    expect(versions).toEqual([3, 2, 1]);
    const foreign = Buffer.from(JSON.stringify({ l: 'domains', v: [] })).toString('base64url');
    expect(
      await failure(
        listCredentialPolicyHistory(test.db, actor, {
          workspace_id: workspaceId,
          provider_key: providerKey,
          limit: 1,
          cursor: foreign,
        }),
      ),
    ).toMatchObject({ code: 'VALIDATION_BLOCKING' });
  });

  it('the prune deletes history and decisions older than 366 days, nothing younger', async () => {
    const { tree, test } = world();
    const actor = actorOf(tree, 'agencyAdminA', 'A', 'agency_admin');
    const providerKey = freshProvider('prune');
    const workspaceId = tree.workspaces.A1.id;
    const policy = await putCredentialPolicy(test.db, actor, putOf(workspaceId, providerKey), {
      correlationId: cid,
    });
    // Backdated rows as a year of history leaves them (inserted: both tables refuse UPDATE).
    await test.admin.query(
      `insert into public.credential_policy_history
         (policy_id, workspace_id, provider_key, version, resolution_order_json, allow_parent_fallback,
          fallback_when_invalid, change, changed_at)
       values ($1, $2, $3, 7, '["business"]', false, false, 'updated', now() - interval '367 days'),
              ($1, $2, $3, 8, '["business"]', false, false, 'updated', now() - interval '364 days')`,
      [policy.id, workspaceId, providerKey],
    );
    await test.admin.query(
      `insert into public.credential_resolution_decisions
         (workspace_id, agency_workspace_id, provider_key, outcome, resolved_scope, reason, steps,
          caller, created_at)
       values ($1, $2, $3, 'failed', 'none', 'not_found', '[]', 'server', now() - interval '367 days'),
              ($1, $2, $3, 'failed', 'none', 'not_found', '[]', 'server', now() - interval '364 days')`,
      [workspaceId, tree.workspaces.A.id, providerKey],
    );
    const pruned = await pruneCredentialRecords(test.db);
    expect(pruned.history).toBeGreaterThanOrEqual(1);
    expect(pruned.decisions).toBeGreaterThanOrEqual(1);
    const history = await listCredentialPolicyHistory(test.db, actor, {
      workspace_id: workspaceId,
      provider_key: providerKey,
      limit: 50,
    });
    expect(history.items.map((item) => item.version).sort()).toEqual([1, 8]);
    const { rows } = await test.admin.query<{ n: number }>(
      `select count(*)::int as n from public.credential_resolution_decisions where provider_key = $1`,
      [providerKey],
    );
    expect(rows[0]?.n).toBe(1);
    // Still append-only for everyone.
    const update = await test.admin
      .query(`update public.credential_policy_history set version = 9 where provider_key = $1`, [
        providerKey,
      ])
      .then(
        () => 'ok',
        (error: unknown) => (error as { code?: string }).code,
      );
    expect(update).toBe('42501');
  });
});

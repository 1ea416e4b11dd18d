import { describe, expect, it } from 'vitest';
import { resolveCredentialForApi } from '../../src/credentials/resolve-credential-for-api';
import { resolveCredentialSource } from '../../src/credentials/resolve-credential-source';
import {
  actorOf,
  decisionsOf,
  failure,
  freshProvider,
  seedConnection,
  seedPolicy,
  setupCredentialsDatabase,
} from './support';

// Around the decision table (design 13 §4): orders that cut the chain, agency- and super-level
// requests, the tenant boundary (Contoso never reaches Northwind's credential), who may ask
// and when nothing is recorded, which rows count as what, and which of several valid
// connections is chosen.

const world = setupCredentialsDatabase();

describe('resolution chains', () => {
  it('the order ["business"] stops at the business even with fallback on', async () => {
    const { tree, test } = world();
    const providerKey = freshProvider('order');
    await seedConnection(test.admin, {
      workspaceId: tree.workspaces.A.id,
      providerKey,
      kind: 'valid',
    });
    await seedPolicy(test.admin, {
      workspaceId: tree.workspaces.A1.id,
      providerKey,
      order: ['business'],
      allow: true,
      whenInvalid: true,
    });
    const actor = actorOf(tree, 'agencyAdminA', 'A', 'agency_admin');
    const request = { workspace_id: tree.workspaces.A1.id, provider_key: providerKey };
    expect(await failure(resolveCredentialForApi(test.db, actor, request))).toMatchObject({
      code: 'CREDENTIAL_RESOLUTION_FAILED',
      details: { reason: 'not_found' },
    });
    await seedConnection(test.admin, {
      workspaceId: tree.workspaces.A1.id,
      providerKey,
      kind: 'failed',
    });
    expect(await failure(resolveCredentialForApi(test.db, actor, request))).toMatchObject({
      details: { reason: 'credential_invalid' },
    });
    const steps = (await decisionsOf(test.admin, providerKey)).map((row) => row.steps.length);
    expect(steps).toEqual([1, 1]);
  });

  it('an order ending at the agency never reaches super', async () => {
    const { tree, test } = world();
    const providerKey = freshProvider('order');
    await seedConnection(test.admin, {
      workspaceId: tree.workspaces.S.id,
      providerKey,
      kind: 'valid',
    });
    await seedPolicy(test.admin, {
      workspaceId: tree.workspaces.A1.id,
      providerKey,
      order: ['business', 'agency'],
      allow: true,
    });
    await seedPolicy(test.admin, {
      workspaceId: tree.workspaces.A.id,
      providerKey,
      order: ['agency', 'super'],
      allow: true,
    });
    const actor = actorOf(tree, 'agencyAdminA', 'A', 'agency_admin');
    const request = { workspace_id: tree.workspaces.A1.id, provider_key: providerKey };
    expect(await failure(resolveCredentialForApi(test.db, actor, request))).toMatchObject({
      details: { reason: 'order_exhausted' },
    });
  });

  it('an agency-level request walks the agency then super, with the agency as its tree', async () => {
    const { tree, test } = world();
    const providerKey = freshProvider('agency');
    const superConnection = await seedConnection(test.admin, {
      workspaceId: tree.workspaces.S.id,
      providerKey,
      kind: 'valid',
    });
    const actor = actorOf(tree, 'agencyAdminA', 'A', 'agency_admin');
    const request = { workspace_id: tree.workspaces.A.id, provider_key: providerKey };
    // No policy row: fail closed.
    expect(await failure(resolveCredentialForApi(test.db, actor, request))).toMatchObject({
      details: { reason: 'fallback_not_allowed' },
    });
    await seedPolicy(test.admin, {
      workspaceId: tree.workspaces.A.id,
      providerKey,
      order: ['agency', 'super'],
      allow: true,
    });
    expect(await resolveCredentialForApi(test.db, actor, request)).toMatchObject({
      resolved_scope: 'super',
      source_workspace_id: tree.workspaces.S.id,
      connection_id: superConnection,
      reason: 'parent_fallback',
    });
    const rows = await decisionsOf(test.admin, providerKey);
    expect(rows.map((row) => row.agency_workspace_id)).toEqual([
      tree.workspaces.A.id,
      tree.workspaces.A.id,
    ]);
  });

  it('a super-level request uses the platform credential and belongs to no agency', async () => {
    const { tree, test } = world();
    const providerKey = freshProvider('super');
    const connection = await seedConnection(test.admin, {
      workspaceId: tree.workspaces.S.id,
      providerKey,
      kind: 'valid',
    });
    const actor = actorOf(tree, 'superAdmin', 'S', 'super_admin');
    const result = await resolveCredentialForApi(test.db, actor, {
      workspace_id: tree.workspaces.S.id,
      provider_key: providerKey,
    });
    expect(result).toMatchObject({
      resolved_scope: 'super',
      connection_id: connection,
      reason: 'own_credential',
      used_parent_fallback: false,
    });
    const [row] = await decisionsOf(test.admin, providerKey);
    expect(row).toMatchObject({ agency_workspace_id: null, workspace_id: tree.workspaces.S.id });
  });
});

describe('the tenant boundary', () => {
  it("Contoso's business never resolves Northwind's credential, every fallback on", async () => {
    const { tree, test } = world();
    const providerKey = freshProvider('boundary');
    await seedConnection(test.admin, {
      workspaceId: tree.workspaces.A.id,
      providerKey,
      kind: 'valid',
    });
    await seedConnection(test.admin, {
      workspaceId: tree.workspaces.A1.id,
      providerKey,
      kind: 'valid',
    });
    for (const [key, order] of [
      ['B1', ['business', 'agency', 'super']],
      ['B', ['agency', 'super']],
    ] as const) {
      await seedPolicy(test.admin, {
        workspaceId: tree.workspaces[key].id,
        providerKey,
        order,
        allow: true,
        whenInvalid: true,
      });
    }
    const actor = actorOf(tree, 'agencyAdminB', 'B', 'agency_admin');
    const request = { workspace_id: tree.workspaces.B1.id, provider_key: providerKey };
    expect(await failure(resolveCredentialForApi(test.db, actor, request))).toMatchObject({
      details: { reason: 'order_exhausted' },
    });
    const superConnection = await seedConnection(test.admin, {
      workspaceId: tree.workspaces.S.id,
      providerKey,
      kind: 'valid',
    });
    expect(await resolveCredentialForApi(test.db, actor, request)).toMatchObject({
      resolved_scope: 'super',
      connection_id: superConnection,
    });
    const rows = await decisionsOf(test.admin, providerKey);
    const visited = rows.flatMap((row) =>
      row.steps.map((step) => (step as { workspace_id: string }).workspace_id),
    );
    expect(new Set(visited)).toEqual(
      new Set([tree.workspaces.B1.id, tree.workspaces.B.id, tree.workspaces.S.id]),
    );
    expect(rows.every((row) => row.agency_workspace_id === tree.workspaces.B.id)).toBe(true);
  });

  it("an agency admin asking for another agency's business is WORKSPACE_FORBIDDEN, nothing recorded", async () => {
    const { tree, test } = world();
    const providerKey = freshProvider('forbidden');
    await seedConnection(test.admin, {
      workspaceId: tree.workspaces.B1.id,
      providerKey,
      kind: 'valid',
    });
    const actor = actorOf(tree, 'agencyAdminA', 'A', 'agency_admin');
    for (const workspace of ['B1', 'B'] as const) {
      const request = { workspace_id: tree.workspaces[workspace].id, provider_key: providerKey };
      expect(await failure(resolveCredentialForApi(test.db, actor, request))).toMatchObject({
        code: 'WORKSPACE_FORBIDDEN',
      });
    }
    expect(await decisionsOf(test.admin, providerKey)).toEqual([]);
  });

  it('who may ask: a business admin for its business; a business user and a manager are denied, unrecorded', async () => {
    const { tree, test } = world();
    const providerKey = freshProvider('who');
    await seedConnection(test.admin, {
      workspaceId: tree.workspaces.A1.id,
      providerKey,
      kind: 'valid',
    });
    const request = { workspace_id: tree.workspaces.A1.id, provider_key: providerKey };
    const admin = actorOf(tree, 'businessAdminA1', 'A1', 'business_admin');
    expect(await resolveCredentialForApi(test.db, admin, request)).toMatchObject({
      reason: 'own_credential',
    });
    for (const actor of [
      actorOf(tree, 'businessUserA1', 'A1', 'business_user'),
      actorOf(tree, 'businessManagerA1', 'A1', 'business_manager'),
    ]) {
      expect(await failure(resolveCredentialForApi(test.db, actor, request))).toMatchObject({
        code: 'PERMISSION_DENIED',
      });
    }
    // The business admin cannot see its agency.
    expect(
      await failure(
        resolveCredentialForApi(test.db, admin, { ...request, workspace_id: tree.workspaces.A.id }),
      ),
    ).toMatchObject({ code: 'WORKSPACE_FORBIDDEN' });
    expect(await decisionsOf(test.admin, providerKey)).toHaveLength(1);
  });

  it('a server resolution for a workspace that does not exist records nothing', async () => {
    const { test } = world();
    const providerKey = freshProvider('ghost');
    const call = resolveCredentialSource(test.db, {
      workspaceId: '00000000-0000-4000-8000-000000000000',
      providerKey,
      caller: 'server',
    });
    expect(await failure(call)).toMatchObject({ code: 'WORKSPACE_FORBIDDEN' });
    expect(await decisionsOf(test.admin, providerKey)).toEqual([]);
  });
});

describe('which rows count, and which connection is chosen', () => {
  it('initiated and revoked rows are none; an active row with a lapsed credential is invalid', async () => {
    const { tree, test } = world();
    const actor = actorOf(tree, 'agencyAdminA', 'A', 'agency_admin');
    const none = freshProvider('none');
    await seedConnection(test.admin, {
      workspaceId: tree.workspaces.A1.id,
      providerKey: none,
      kind: 'initiated',
    });
    await seedConnection(test.admin, {
      workspaceId: tree.workspaces.A1.id,
      providerKey: none,
      kind: 'revoked',
    });
    const request = { workspace_id: tree.workspaces.A1.id, provider_key: none };
    expect(await failure(resolveCredentialForApi(test.db, actor, request))).toMatchObject({
      details: { reason: 'fallback_not_allowed' },
    });
    const lapsed = freshProvider('lapsed');
    await seedConnection(test.admin, {
      workspaceId: tree.workspaces.A1.id,
      providerKey: lapsed,
      kind: 'lapsed',
    });
    expect(
      await failure(resolveCredentialForApi(test.db, actor, { ...request, provider_key: lapsed })),
    ).toMatchObject({ details: { reason: 'credential_invalid' } });
    const [noneRow] = await decisionsOf(test.admin, none);
    const [lapsedRow] = await decisionsOf(test.admin, lapsed);
    expect(noneRow?.steps).toMatchObject([{ credential: 'none' }]);
    expect(lapsedRow?.steps).toMatchObject([{ credential: 'invalid' }]);
  });

  it('of several valid accounts: the one named, else the newest connected_at', async () => {
    const { tree, test } = world();
    const providerKey = freshProvider('accounts');
    const workspaceId = tree.workspaces.A1.id;
    const older = await seedConnection(test.admin, {
      workspaceId,
      providerKey,
      kind: 'valid',
      ref: 'main',
      connectedAt: '2026-01-01T00:00:00Z',
    });
    const newer = await seedConnection(test.admin, {
      workspaceId,
      providerKey,
      kind: 'valid',
      ref: 'sales',
      connectedAt: '2026-02-01T00:00:00Z',
    });
    await seedConnection(test.admin, { workspaceId, providerKey, kind: 'failed', ref: 'broken' });
    const actor = actorOf(tree, 'agencyAdminA', 'A', 'agency_admin');
    const request = { workspace_id: workspaceId, provider_key: providerKey };
    expect((await resolveCredentialForApi(test.db, actor, request)).connection_id).toBe(newer);
    const named = { ...request, provider_account_ref: 'main' };
    expect((await resolveCredentialForApi(test.db, actor, named)).connection_id).toBe(older);
    // A name no valid account has: the newest valid one still.
    const broken = { ...request, provider_account_ref: 'broken' };
    expect((await resolveCredentialForApi(test.db, actor, broken)).connection_id).toBe(newer);
  });
});

import { describe, expect, it } from 'vitest';
import {
  credentialPolicyHistorySchema,
  credentialPolicySchema,
  type CredentialPolicy,
} from '@aiconnected/sdk-contracts';
import {
  auditRow,
  auditRowsOf,
  correlationIdOf,
  expectError,
  setupRoleTreeApiTest,
  snapshotTables,
} from '@/server/api/testing';

// The credential policy endpoints over HTTP on real Postgres (PRD §12.3, §12.5, §23.5; design
// 13 §5): the default, a save and its version, history and audit row, a stale save, the
// switches set in the parent, and the refusals that change nothing.

const { setup, ws, call, member } = setupRoleTreeApiTest();

const query = (key: 'A1' | 'B1', provider = 'github') =>
  `workspace_id=${ws(key).id}&provider_key=${provider}`;

function putBody(key: 'A1' | 'B1', change: Record<string, unknown> = {}) {
  return {
    workspace_id: ws(key).id,
    provider_key: 'github',
    resolution_order: ['business', 'agency', 'super'],
    allow_parent_fallback: false,
    fallback_when_invalid: false,
    allowed_scopes: null,
    expected_version: 0,
    ...change,
  };
}

describe('/api/credentials/policies', () => {
  it('shows the default, saves version 1 with its history and audit row, refuses a stale save', async () => {
    const initial = await call('A1.business_admin', 'GET', `/credentials/policies?${query('A1')}`);
    expect(initial.status).toBe(200);
    expect(credentialPolicySchema.parse(await initial.json())).toMatchObject({
      id: null,
      version: 0,
      resolution_order: ['business', 'agency', 'super'],
    });

    const saved = await call(
      'A.agency_admin',
      'PUT',
      '/credentials/policies',
      putBody('A1', { allow_parent_fallback: true, allowed_scopes: ['repo'] }),
    );
    const text = await saved.text();
    expect(saved.status, text).toBe(200);
    const policy: CredentialPolicy = credentialPolicySchema.parse(JSON.parse(text));
    expect(policy).toMatchObject({
      version: 1,
      allow_parent_fallback: true,
      allowed_scopes: ['repo'],
    });
    expect(policy.effective.levels).toEqual(['business', 'agency', 'super']);

    const read = await call('A1.business_admin', 'GET', `/credentials/policies?${query('A1')}`);
    expect(await read.json()).toStrictEqual(policy);

    const history = await call(
      'A1.business_admin',
      'GET',
      `/credentials/policies/history?${query('A1')}`,
    );
    expect(history.status).toBe(200);
    expect(credentialPolicyHistorySchema.parse(await history.json())).toMatchObject({
      items: [{ version: 1, change: 'created', changed_by_user_id: member('A.agency_admin').id }],
      next_cursor: null,
    });
    expect(await auditRowsOf(setup.database, correlationIdOf(saved))).toStrictEqual([
      auditRow({
        workspace: ws('A1').id,
        actor: member('A.agency_admin').id,
        action: 'credentials.policy_update',
        target: { type: 'credential_policy', id: policy.id },
        metadata: {
          provider_key: 'github',
          version: 1,
          allow_parent_fallback: { from: false, to: true },
          allowed_scopes: { from: null, to: ['repo'] },
        },
      }),
    ]);

    const before = await snapshotTables(setup.database);
    await expectError(
      await call('A.agency_admin', 'PUT', '/credentials/policies', putBody('A1')),
      'CONFLICT',
      { field: 'expected_version', current_version: 1 },
    );
    expect(await snapshotTables(setup.database)).toStrictEqual(before);
  });

  it('the business admin sets its order but not the fallback switches (set in the parent)', async () => {
    const current = (await (
      await call('A1.business_admin', 'GET', `/credentials/policies?${query('A1')}`)
    ).json()) as CredentialPolicy;
    const before = await snapshotTables(setup.database);
    await expectError(
      await call(
        'A1.business_admin',
        'PUT',
        '/credentials/policies',
        putBody('A1', {
          allow_parent_fallback: true,
          fallback_when_invalid: true,
          allowed_scopes: current.allowed_scopes,
          expected_version: current.version,
        }),
      ),
      'PERMISSION_DENIED',
      {
        required_permission: 'credentials.inheritance.manage',
        field: 'fallback_when_invalid',
        workspace_id: ws('A').id,
      },
    );
    expect(await snapshotTables(setup.database)).toStrictEqual(before);
    const ordered = await call(
      'A1.business_admin',
      'PUT',
      '/credentials/policies',
      putBody('A1', {
        resolution_order: ['business', 'agency'],
        allow_parent_fallback: true,
        allowed_scopes: current.allowed_scopes,
        expected_version: current.version,
      }),
    );
    expect(ordered.status).toBe(200);
    expect(await ordered.json()).toMatchObject({ version: current.version + 1 });
  });

  it('refuses the other tenant, the roles below and a bad order; nothing changes', async () => {
    const before = await snapshotTables(setup.database);
    await expectError(
      await call('A.agency_admin', 'GET', `/credentials/policies?${query('B1')}`),
      'WORKSPACE_FORBIDDEN',
      { workspace_id: ws('B1').id },
    );
    await expectError(
      await call('A.agency_admin', 'PUT', '/credentials/policies', putBody('B1')),
      'WORKSPACE_FORBIDDEN',
      { workspace_id: ws('B1').id },
    );
    await expectError(
      await call('B1.business_admin', 'GET', `/credentials/policies/history?${query('A1')}`),
      'WORKSPACE_FORBIDDEN',
      { workspace_id: ws('A1').id },
    );
    for (const who of ['A1.business_manager', 'A1.business_user', 'A.agency_manager'] as const) {
      const response = await call(who, 'GET', `/credentials/policies?${query('A1')}`);
      expect(response.status, who).toBe(403);
    }
    const badOrder = await call(
      'A.agency_admin',
      'PUT',
      '/credentials/policies',
      putBody('A1', { resolution_order: ['agency', 'super'], provider_key: 'gmail' }),
    );
    expect(badOrder.status).toBe(422);
    expect(((await badOrder.json()) as { error: { code: string } }).error.code).toBe(
      'VALIDATION_BLOCKING',
    );
    const notContiguous = await call(
      'A.agency_admin',
      'PUT',
      '/credentials/policies',
      putBody('A1', { resolution_order: ['business', 'super'], provider_key: 'gmail' }),
    );
    expect(notContiguous.status).toBe(422);
    expect(await snapshotTables(setup.database)).toStrictEqual(before);
  });
});

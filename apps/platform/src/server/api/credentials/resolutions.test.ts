import { describe, expect, it } from 'vitest';
import { resolutionDecisionPageSchema } from '@aiconnected/sdk-contracts';
import { expectError, setupRoleTreeApiTest } from '@/server/api/testing';
import { seedActiveConnection } from './credentials-test-kit';

// GET /api/credentials/resolutions over HTTP on real Postgres (PRD §23.5, §25.3; design 13
// §5): the platform reads every decision, an agency's admin those of its tree, a business's
// admin none; filters reach the package.

const { setup, ws, call } = setupRoleTreeApiTest();

async function resolveAs(who: 'A.agency_admin' | 'B.agency_admin', key: 'A1' | 'B1') {
  const response = await call(who, 'POST', '/credentials/resolve', {
    workspace_id: ws(key).id,
    provider_key: 'github',
  });
  expect(response.status).toBe(key === 'A1' ? 200 : 422);
}

describe('GET /api/credentials/resolutions', () => {
  it('super reads both trees, each agency its own, a business admin none', async () => {
    await seedActiveConnection(setup.database, ws('A1').id, 'github');
    await resolveAs('A.agency_admin', 'A1');
    await resolveAs('B.agency_admin', 'B1');
    const subjects = async (
      who: 'S.super_admin' | 'A.agency_admin' | 'B.agency_admin',
      key: 'S' | 'A' | 'B',
    ) => {
      const response = await call(
        who,
        'GET',
        `/credentials/resolutions?workspace_id=${ws(key).id}`,
      );
      const text = await response.text();
      expect(response.status, text).toBe(200);
      return resolutionDecisionPageSchema
        .parse(JSON.parse(text))
        .items.map((item) => item.workspace_id)
        .sort();
    };
    expect(await subjects('S.super_admin', 'S')).toEqual([ws('A1').id, ws('B1').id].sort());
    expect(await subjects('A.agency_admin', 'A')).toEqual([ws('A1').id]);
    expect(await subjects('B.agency_admin', 'B')).toEqual([ws('B1').id]);

    const failed = await call(
      'S.super_admin',
      'GET',
      `/credentials/resolutions?workspace_id=${ws('S').id}&outcome=failed&reason=fallback_not_allowed`,
    );
    expect(resolutionDecisionPageSchema.parse(await failed.json()).items).toMatchObject([
      { workspace_id: ws('B1').id, agency_workspace_id: ws('B').id, caller: 'api' },
    ]);

    const denied = await call(
      'A1.business_admin',
      'GET',
      `/credentials/resolutions?workspace_id=${ws('A1').id}`,
    );
    await expectError(denied, 'PERMISSION_DENIED', {
      required_permission: 'credentials.inheritance.manage',
    });
    await expectError(
      await call('A.agency_admin', 'GET', `/credentials/resolutions?workspace_id=${ws('B').id}`),
      'WORKSPACE_FORBIDDEN',
      { workspace_id: ws('B').id },
    );
    const malformed = await call(
      'A.agency_admin',
      'GET',
      `/credentials/resolutions?workspace_id=${ws('A').id}&limit=500`,
    );
    expect(malformed.status).toBe(422);
  });
});

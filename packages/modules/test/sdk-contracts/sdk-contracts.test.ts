import { randomUUID } from 'node:crypto';
import {
  setupTenantTreeDatabase,
  type TenantTree,
  type TenantUserKey,
  type TenantWorkspaceKey,
  type TestDatabase,
} from '@aiconnected/db/testing';
import type { RoleTemplate } from '@aiconnected/permissions';
import { ShellError, type WorkspaceContext } from '@aiconnected/sdk-contracts';
import { describe, expect, it } from 'vitest';
import { listContractVersions, publishContractVersion } from '../../src';
import { actorOf } from '../../src/testing';

// SDK contract publication (PRD §41) on real Postgres: semver order, the breaking-change
// check (major bump required), schema compilation, who may publish.

let test: TestDatabase;
let tree: TenantTree;

setupTenantTreeDatabase((setup) => {
  ({ database: test, tree } = setup);
});

const actor = (user: TenantUserKey, workspace: TenantWorkspaceKey, role: RoleTemplate) =>
  actorOf(tree, user, workspace, role);
const superAdmin = () => actor('superAdmin', 'S', 'super_admin');
const superManager = () => actor('superManager', 'S', 'super_manager');
const agencyAdminA = () => actor('agencyAdminA', 'A', 'agency_admin');
const businessUserA1 = () => actor('businessUserA1', 'A1', 'business_user');

const name = () => `contract-${randomUUID().slice(0, 8)}`;
const schema = (properties: Record<string, unknown>, required: string[] = []) => ({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties,
  required,
});
const v1 = schema({ id: { type: 'string' }, note: { type: 'string' } }, ['id']);
const publish = (
  who: WorkspaceContext,
  contract: string,
  semver: string,
  schemaJson: Record<string, unknown>,
) =>
  publishContractVersion(test.db, who, {
    contract_name: contract,
    semver,
    status: 'active',
    schema_json: schemaJson,
    correlationId: 'sdk-contracts-test',
  });

async function refusal(call: Promise<unknown>): Promise<ShellError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ShellError) return error;
    throw error;
  }
  throw new Error('expected a ShellError');
}
async function versionsOf(contract: string) {
  const { rows } = await test.admin.query<{ semver: string }>(
    'select semver from public.sdk_contract_versions where contract_name = $1 order by created_at',
    [contract],
  );
  return rows.map((row) => row.semver);
}

describe('publishContractVersion', () => {
  it('publishes a first version and a compatible minor one, audited', async () => {
    const contract = name();
    const first = await publish(superAdmin(), contract, '1.0.0', v1);
    expect(first).toStrictEqual({
      id: expect.any(String),
      contract_name: contract,
      semver: '1.0.0',
      status: 'active',
      schema_json: v1,
      published_at: expect.stringMatching(/Z$/),
      created_at: expect.stringMatching(/Z$/),
    });
    // A new optional property widens: not breaking.
    await publish(
      superAdmin(),
      contract,
      '1.1.0',
      schema({ id: { type: 'string' }, note: { type: 'string' }, tag: { type: 'string' } }, ['id']),
    );
    const { rows } = await test.admin.query<{
      action: string;
      metadata_json: Record<string, unknown>;
    }>('select action, metadata_json from public.audit_logs where target_id = $1', [first.id]);
    expect(rows).toStrictEqual([
      {
        action: 'sdk_contract.publish',
        metadata_json: expect.objectContaining({
          contract_name: contract,
          semver: '1.0.0',
          previous_version: null,
          breaking: false,
        }) as unknown,
      },
    ]);
  });

  it('refuses a breaking change without a major bump (SDK_CONTRACT_INCOMPATIBLE), takes it with one', async () => {
    const contract = name();
    await publish(superAdmin(), contract, '1.0.0', v1);
    const narrowed = schema({ id: { type: 'string' }, note: { type: 'string' } }, ['id', 'note']);
    const error = await refusal(publish(superAdmin(), contract, '1.1.0', narrowed));
    expect(error.code).toBe('SDK_CONTRACT_INCOMPATIBLE');
    expect(error.details).toMatchObject({
      contract_name: contract,
      previous_version: '1.0.0',
      required_version: '2.0.0',
      changes: expect.arrayContaining([expect.objectContaining({ breaking: true })]) as unknown,
    });
    expect(await versionsOf(contract)).toStrictEqual(['1.0.0']);
    await publish(superAdmin(), contract, '2.0.0', narrowed);
    expect(await versionsOf(contract)).toStrictEqual(['1.0.0', '2.0.0']);
  });

  it('refuses a version not above the highest (CONFLICT) and a schema that does not compile', async () => {
    const contract = name();
    await publish(superAdmin(), contract, '1.2.0', v1);
    for (const version of ['1.2.0', '1.1.9', '1.2.0-rc.1']) {
      const error = await refusal(publish(superAdmin(), contract, version, v1));
      expect([error.code, error.details]).toStrictEqual([
        'CONFLICT',
        { contract_name: contract, reason: 'not_above_highest', highest_version: '1.2.0' },
      ]);
    }
    const bad = await refusal(publish(superAdmin(), contract, '1.3.0', { type: 'objekt' }));
    expect(bad.code).toBe('VALIDATION_BLOCKING');
    expect(await versionsOf(contract)).toStrictEqual(['1.2.0']);
  });

  it('needs settings.manage in the platform workspace', async () => {
    const contract = name();
    for (const who of [superManager(), agencyAdminA()]) {
      const error = await refusal(publish(who, contract, '1.0.0', v1));
      expect([error.code, error.details]).toStrictEqual([
        'PERMISSION_DENIED',
        { required_permission: 'settings.manage' },
      ]);
    }
    expect(await versionsOf(contract)).toStrictEqual([]);
  });
});

describe('listContractVersions', () => {
  it('lists every signed-in actor the versions, highest first, filtered', async () => {
    const contract = name();
    await publish(superAdmin(), contract, '1.0.0', v1);
    await publish(superAdmin(), contract, '1.9.0', v1);
    await publish(superAdmin(), contract, '1.10.0', v1);
    const list = await listContractVersions(test.db, businessUserA1(), { contract_name: contract });
    expect(list.items.map((item) => item.semver)).toStrictEqual(['1.10.0', '1.9.0', '1.0.0']);
    const manifests = await listContractVersions(test.db, businessUserA1(), {
      contract_name: 'module-manifest',
      status: 'active',
    });
    expect(manifests.items.map((item) => item.semver)).toStrictEqual([
      '1.4.0',
      '1.3.0',
      '1.2.0',
      '1.1.0',
      '1.0.0',
    ]);
  });
});

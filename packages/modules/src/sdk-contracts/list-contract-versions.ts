import { holdsPlatformCapability, loadActorView } from '@aiconnected/access';
import type { Db } from '@aiconnected/db';
import type {
  SDKContractVersionList,
  SDKContractVersionRecord,
  WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import semver from 'semver';
import { CONTRACT_COLUMNS, type ContractRow } from './contract-record';

export interface ContractVersionFilter {
  contract_name?: string;
  status?: SDKContractVersionRecord['status'];
}

/**
 * The published SDK contract versions with their JSON Schemas (`GET /sdk/contracts`), by
 * contract name, highest semver first, optionally of one contract or status. Any signed-in
 * actor reads the published ones (`active`, `deprecated`, `retired`); `draft` versions, not
 * yet published, only an actor holding `settings.manage` in the platform workspace (who
 * publishes them): for anyone else they are left out, `status=draft` included (an empty list).
 */
export async function listContractVersions(
  db: Db,
  actor: WorkspaceContext,
  filter: ContractVersionFilter = {},
): Promise<SDKContractVersionList> {
  return db.withWorkspace(actor, async (tx) => {
    const drafts = holdsPlatformCapability(await loadActorView(tx, actor), 'settings.manage');
    const { rows } = await tx.query<ContractRow>(
      `select ${CONTRACT_COLUMNS} from public.sdk_contract_versions v
        where ($1::text is null or v.contract_name = $1) and ($2::text is null or v.status = $2)
          and ($3 or v.status <> 'draft')`,
      [filter.contract_name ?? null, filter.status ?? null, drafts],
    );
    const items = [...rows].sort(
      (a, b) =>
        a.contract_name.localeCompare(b.contract_name) || semver.rcompare(a.semver, b.semver),
    );
    return { items };
  });
}

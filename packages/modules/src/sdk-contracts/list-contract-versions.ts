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
 * actor reads them (the table is global; RLS lets every authenticated request read).
 */
export async function listContractVersions(
  db: Db,
  actor: WorkspaceContext,
  filter: ContractVersionFilter = {},
): Promise<SDKContractVersionList> {
  return db.withWorkspace(actor, async (tx) => {
    const { rows } = await tx.query<ContractRow>(
      `select ${CONTRACT_COLUMNS} from public.sdk_contract_versions v
        where ($1::text is null or v.contract_name = $1) and ($2::text is null or v.status = $2)`,
      [filter.contract_name ?? null, filter.status ?? null],
    );
    const items = [...rows].sort(
      (a, b) =>
        a.contract_name.localeCompare(b.contract_name) || semver.rcompare(a.semver, b.semver),
    );
    return { items };
  });
}

import type { SDKContractVersionRecord } from '@aiconnected/sdk-contracts';

/** The columns of `sdk_contract_versions` as `SDKContractVersionRecord` (alias `v`). */
export const CONTRACT_COLUMNS = `v.id, v.contract_name, v.semver, v.status, v.schema_json,
  to_char(v.published_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as published_at,
  to_char(v.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_at`;

export type ContractRow = SDKContractVersionRecord;

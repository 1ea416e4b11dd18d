import type { Tx } from '@aiconnected/db';
import {
  defaultResolutionOrder,
  describeCredentialPolicy,
  type CredentialLevel,
  type CredentialPolicy,
} from '@aiconnected/sdk-contracts';

/** A `credential_policies` row as the credentials functions read it. */
export interface CredentialPolicyRow {
  id: string;
  workspace_id: string;
  provider_key: string;
  version: number;
  resolution_order_json: CredentialLevel[];
  allow_parent_fallback: boolean;
  fallback_when_invalid: boolean;
  allowed_scopes: string[] | null;
}

export const POLICY_COLUMNS = `id, workspace_id, provider_key, version, resolution_order_json,
  allow_parent_fallback, fallback_when_invalid, allowed_scopes`;

/** The policy of (workspace, provider) as the actor of `tx` may see it; null without a row. */
export async function readPolicyRow(
  tx: Tx,
  workspaceId: string,
  providerKey: string,
  options: { forUpdate?: boolean } = {},
): Promise<CredentialPolicyRow | null> {
  const { rows } = await tx.query<CredentialPolicyRow>(
    `select ${POLICY_COLUMNS} from public.credential_policies
      where workspace_id = $1 and provider_key = $2${options.forUpdate ? ' for update' : ''}`,
    [workspaceId, providerKey],
  );
  return rows[0] ?? null;
}

/**
 * The API's policy of (workspace, provider): the row's, or without one the default every
 * resolution uses (`id` null, `version` 0, the workspace's type up to super, no fallback, no
 * narrowing), with `effective` worded by `describeCredentialPolicy`.
 */
export function toCredentialPolicy(
  row: CredentialPolicyRow | null,
  workspace: { id: string; type: CredentialLevel },
  providerKey: string,
): CredentialPolicy {
  const switches = {
    resolution_order: row?.resolution_order_json ?? defaultResolutionOrder(workspace.type),
    allow_parent_fallback: row?.allow_parent_fallback ?? false,
    fallback_when_invalid: row?.fallback_when_invalid ?? false,
  };
  return {
    id: row?.id ?? null,
    workspace_id: workspace.id,
    provider_key: providerKey,
    version: row?.version ?? 0,
    ...switches,
    allowed_scopes: row?.allowed_scopes ?? null,
    effective: describeCredentialPolicy(switches),
  };
}

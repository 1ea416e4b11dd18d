import type { Tx } from '@aiconnected/db';
import { defaultResolutionOrder, type CredentialLevel } from '@aiconnected/sdk-contracts';
import type { LevelFacts } from './decide-credential-source';
import { readLevelCredentials } from './read-level-credentials';

/** The chain a resolution walks and the tree it belongs to. */
export interface ResolutionChain {
  /** False when the workspace does not exist. */
  found: boolean;
  /** The agency of the workspace's tree (itself, or a business's parent); null for super. */
  agencyWorkspaceId: string | null;
  /** The workspace first, then its ancestors, cut to the workspace's resolution order. */
  chain: LevelFacts[];
}

interface AncestorRow {
  workspace_id: string;
  workspace_type: CredentialLevel;
  resolution_order_json: CredentialLevel[] | null;
  allow_parent_fallback: boolean | null;
  fallback_when_invalid: boolean | null;
}

/**
 * Reads, as the service (inside `tx`), what a resolution of `providerKey` for `workspaceId`
 * walks (design 13 §4): the workspace and its ancestors (`shell.workspace_ancestry`, so only
 * its own tree: another agency is unreachable by construction), each with the fallback
 * switches of its policy for the provider (both off without a row: fail closed) and what it
 * holds (`readLevelCredentials`). The chain keeps the levels of the workspace's own resolution
 * order (its row's, else its type up to super), in order; ancestors' orders are not consulted.
 * An order that does not start at the workspace's own level leaves the chain empty.
 */
export async function readResolutionChain(
  tx: Tx,
  input: { workspaceId: string; providerKey: string; providerAccountRef?: string },
): Promise<ResolutionChain> {
  const { rows } = await tx.query<AncestorRow>(
    `select a.workspace_id, a.workspace_type, p.resolution_order_json,
            p.allow_parent_fallback, p.fallback_when_invalid
       from shell.workspace_ancestry($1) a
       left join public.credential_policies p
         on p.workspace_id = a.workspace_id and p.provider_key = $2
      order by a.up`,
    [input.workspaceId, input.providerKey],
  );
  const own = rows[0];
  if (own === undefined) return { found: false, agencyWorkspaceId: null, chain: [] };
  const agencyWorkspaceId =
    rows.find((row) => row.workspace_type === 'agency')?.workspace_id ?? null;
  const order = own.resolution_order_json ?? defaultResolutionOrder(own.workspace_type);
  const levels: AncestorRow[] = [];
  for (const [index, row] of rows.entries()) {
    if (order[index] !== row.workspace_type) break;
    levels.push(row);
  }
  const credentials = await readLevelCredentials(tx, {
    workspaceIds: levels.map((row) => row.workspace_id),
    providerKey: input.providerKey,
    providerAccountRef: input.providerAccountRef,
  });
  const chain = levels.map((row): LevelFacts => {
    const held = credentials.get(row.workspace_id);
    return {
      level: row.workspace_type,
      workspaceId: row.workspace_id,
      credential: held?.credential ?? 'none',
      connectionId: held?.connectionId ?? null,
      allowParentFallback: row.allow_parent_fallback ?? false,
      fallbackWhenInvalid: row.fallback_when_invalid ?? false,
    };
  });
  return { found: true, agencyWorkspaceId, chain };
}

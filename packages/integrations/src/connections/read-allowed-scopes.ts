import { asServiceRole, type Tx } from '@aiconnected/db';

/**
 * The scopes `workspaceId` may request of `providerKey`: `available` (the provider config's)
 * narrowed by the `allowed_scopes` of every credential policy for the provider on the
 * workspace and its ancestors that sets one (null = no narrowing). Read as the service: an
 * ancestor's policy narrows a workspace whose members cannot read it. `tx` is the request's
 * `withWorkspace` transaction.
 */
export async function readAllowedScopes(
  tx: Tx,
  workspaceId: string,
  providerKey: string,
  available: readonly string[],
): Promise<string[]> {
  const { rows } = await asServiceRole(tx, 'credential policy scope narrowing', () =>
    tx.query<{ allowed_scopes: string[] }>(
      `select p.allowed_scopes
         from shell.workspace_ancestry($1) a
         join public.credential_policies p
           on p.workspace_id = a.workspace_id and p.provider_key = $2
        where p.allowed_scopes is not null`,
      [workspaceId, providerKey],
    ),
  );
  return available.filter((scope) => rows.every((row) => row.allowed_scopes.includes(scope)));
}

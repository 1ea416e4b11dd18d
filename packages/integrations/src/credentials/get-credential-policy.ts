import type { Db } from '@aiconnected/db';
import type {
  CredentialPolicy,
  CredentialPolicyQuery,
  WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import { readPolicyRow, toCredentialPolicy } from './credential-policy-row';
import { requireCredentialsManager } from './require-credentials-manager';

/**
 * `GET /credentials/policies`: the policy of (workspace, provider), or the default when there
 * is no row (`id` null, `version` 0). `credentials.inheritance.manage` in the workspace; read
 * as the actor (RLS filters too).
 */
export async function getCredentialPolicy(
  db: Db,
  actor: WorkspaceContext,
  query: CredentialPolicyQuery,
): Promise<CredentialPolicy> {
  return db.withWorkspace(actor, async (tx) => {
    const { access } = await requireCredentialsManager(
      tx,
      actor,
      query.workspace_id,
      'reading a credential policy',
    );
    const row = await readPolicyRow(tx, query.workspace_id, query.provider_key);
    return toCredentialPolicy(row, access.workspace, query.provider_key);
  });
}

import type { Tx } from '@aiconnected/db';
import { readEntitlement, requireModuleEntitlement } from '@aiconnected/billing';
import type { ModuleManifest } from '@aiconnected/sdk-contracts';

/**
 * For a paid manifest, the workspace's billing entitlement (`readEntitlement`: its own account,
 * else its agency's) must allow a paid activation (`requireModuleEntitlement`:
 * `BILLING_SUSPENDED` for grace or suspended, `BILLING_REQUIRED` for canceled or no account).
 * Answers the entitlement's state, or null for a free module (nothing read).
 */
export async function requirePaidEntitlement(
  tx: Tx,
  workspaceId: string,
  manifest: ModuleManifest,
): Promise<string | null> {
  if (manifest.paid !== true) return null;
  const entitlement = await readEntitlement(tx, workspaceId);
  requireModuleEntitlement(entitlement);
  return entitlement.state;
}

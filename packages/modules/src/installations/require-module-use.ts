import type { Tx } from '@aiconnected/db';
import { readEntitlement } from '@aiconnected/billing';
import type { ModuleManifest } from '@aiconnected/sdk-contracts';
import { moduleUseRefusal } from './module-use-refusal';

/**
 * Refuses using a paid module in `workspaceId` when its billing entitlement no longer allows
 * it (`moduleUseRefusal`); a free manifest reads nothing.
 */
export async function requireModuleUse(
  tx: Tx,
  workspaceId: string,
  manifest: ModuleManifest,
): Promise<void> {
  if (manifest.paid !== true) return;
  const refusal = moduleUseRefusal(await readEntitlement(tx, workspaceId));
  if (refusal !== null) throw refusal;
}

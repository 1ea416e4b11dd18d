import { readEntitlement, requireModuleEntitlement, type Entitlement } from '@aiconnected/billing';
import type { Tx } from '@aiconnected/db';
import { ShellError } from '@aiconnected/sdk-contracts';

/**
 * Whether an entitlement lets a workspace USE a paid module it has enabled (PRD §23.2), as the
 * refusal or null: `grace` still allows use (it blocks only new paid activations, which the
 * enable gate refuses); `suspended` is `BILLING_SUSPENDED`, `canceled` and no account
 * `BILLING_REQUIRED` (`requireModuleEntitlement`'s errors, `details.reason`); `active` and
 * `past_due` allow it.
 */
export function moduleUseRefusal(entitlement: Entitlement): ShellError | null {
  if (entitlement.state === 'grace') return null;
  try {
    requireModuleEntitlement(entitlement);
    return null;
  } catch (error) {
    if (error instanceof ShellError) return error;
    throw error;
  }
}

/**
 * `moduleUseRefusal` of `workspaceId`'s entitlement, read in the caller's transaction
 * (`readEntitlement`, as the service for that one read): for a person using a paid module
 * enabled in a workspace where the caller already checked the person's access (packages/events
 * `checkEmit`: a person's emit of a name a paid module declares).
 */
export async function moduleUseRefusalIn(tx: Tx, workspaceId: string): Promise<ShellError | null> {
  return moduleUseRefusal(await readEntitlement(tx, workspaceId));
}

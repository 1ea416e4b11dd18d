import { requireModuleEntitlement, type Entitlement } from '@aiconnected/billing';
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

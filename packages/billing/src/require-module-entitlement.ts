import { ShellError } from '@aiconnected/sdk-contracts';
import type { Entitlement } from './read-entitlement';

/**
 * Refuses a paid module's activation the entitlement does not allow (PRD §23.2): `active` and
 * `past_due` (a warning state) allow it; `grace` blocks new paid activations and `suspended`
 * blocks module use (`BILLING_SUSPENDED`); `canceled` and no account at all need a
 * subscription (`BILLING_REQUIRED`). `details`: `state`, `reason`, `source_workspace_id`.
 */
export function requireModuleEntitlement(entitlement: Entitlement): void {
  const details = {
    state: entitlement.state,
    source_workspace_id: entitlement.source_workspace_id,
  };
  switch (entitlement.state) {
    case 'active':
    case 'past_due':
      return;
    case 'grace':
      throw new ShellError('BILLING_SUSPENDED', 'grace period: new paid activations are blocked', {
        userMessage:
          'Billing is in its grace period: paid modules cannot be enabled until the payment is recovered.',
        details: { ...details, reason: 'grace' },
      });
    case 'suspended':
      throw new ShellError('BILLING_SUSPENDED', 'billing suspended: module use is blocked', {
        details: { ...details, reason: 'suspended' },
      });
    case 'canceled':
    case 'none':
      throw new ShellError('BILLING_REQUIRED', 'a paid module needs an active subscription', {
        userMessage: 'This module is paid: it needs an active subscription.',
        details: { ...details, reason: entitlement.state === 'none' ? 'no_account' : 'canceled' },
      });
  }
}

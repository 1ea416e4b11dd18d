// Billing entitlements (PRD §23): what the shell gates paid modules on. Stripe comes later.
export { readEntitlement, type Entitlement } from './read-entitlement';
export { requireModuleEntitlement } from './require-module-entitlement';

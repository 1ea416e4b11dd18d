import type { Capability } from '@aiconnected/permissions';
import { permissionDenied } from '../errors/access-errors';

/**
 * The code-level check that `held` (the actor's effective capabilities in the workspace at
 * hand, or the claims of the request) includes `capability`; `PERMISSION_DENIED` naming it
 * otherwise. RLS checks it again, per row.
 */
export function requireCapability(
  held: readonly string[],
  capability: Capability,
  what: string,
): void {
  if (!held.includes(capability)) throw permissionDenied(capability, what);
}

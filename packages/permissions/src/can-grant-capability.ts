import { isCapability, type Capability } from './capabilities';
import { holdsAllCapabilities } from './capability-implications';

/**
 * Whether an actor holding `actorCapabilities` in a workspace may grant `capability` there as
 * a membership override (an allow, or removing a deny): it holds it, directly or through an
 * implication. Same rule as `shell.can_grant_permission` (migration 020). Denying needs no
 * such right (it only takes away).
 */
export function canGrantCapability(
  actorCapabilities: readonly Capability[],
  capability: string,
): boolean {
  return isCapability(capability) && holdsAllCapabilities(actorCapabilities, [capability]);
}

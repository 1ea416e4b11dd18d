import type { Capability } from './capabilities';
import { holdsAllCapabilities } from './capability-implications';
import { isRoleTemplate, ROLE_CAPABILITIES } from './role-templates';

/**
 * Whether an actor holding `actorCapabilities` in a workspace may grant (or change, or
 * remove) a membership with `roleTemplate` there: it holds every capability of the role
 * (`holdsAllCapabilities`, implications included). No one is exempt, super roles included,
 * so nobody promotes anyone, themselves through an accomplice included, above their own
 * rights. Same rule as `shell.can_assign_role` (migration 020). An unknown role template is
 * never assignable.
 */
export function canAssignRole(
  actorCapabilities: readonly Capability[],
  roleTemplate: string,
): boolean {
  if (!isRoleTemplate(roleTemplate)) return false;
  return holdsAllCapabilities(actorCapabilities, ROLE_CAPABILITIES[roleTemplate]);
}

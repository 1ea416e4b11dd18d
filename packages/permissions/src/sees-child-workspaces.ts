import { CHILD_GOVERNING_ROLES, isRoleTemplate, ROLE_SCOPE } from './role-templates';

/**
 * Whether a holder of `roleTemplate`, acting in an agency, governs (and so sees) the agency's
 * child businesses (PRD §7): agency admins and managers, and super roles, which govern every
 * workspace; an agency user sees only the agency itself. An unknown role sees none.
 */
export function seesChildWorkspaces(roleTemplate: string): boolean {
  if (!isRoleTemplate(roleTemplate)) return false;
  return (
    ROLE_SCOPE[roleTemplate] === 'super' ||
    (CHILD_GOVERNING_ROLES as readonly string[]).includes(roleTemplate)
  );
}

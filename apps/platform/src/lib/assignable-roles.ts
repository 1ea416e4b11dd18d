import {
  canAssignRole,
  isCapability,
  ROLE_SCOPE,
  ROLE_TEMPLATES,
  type WorkspaceType,
} from '@aiconnected/permissions';
import type { AccessSubject } from './access';

/**
 * The roles the visitor may grant in a workspace of `workspaceType` (default: the active
 * one's), most powerful first: the role templates of that level whose every capability the
 * visitor holds (implications included; no one is exempt). The API's own rule
 * (`canAssignRole`), used here only to offer sensible choices; the API decides.
 */
export function assignableRoles(
  subject: AccessSubject,
  workspaceType: WorkspaceType | null = subject.workspaceType,
): string[] {
  if (workspaceType === null) return [];
  const capabilities = subject.permissions.filter(isCapability);
  return ROLE_TEMPLATES.filter(
    (role) => ROLE_SCOPE[role] === workspaceType && canAssignRole(capabilities, role),
  );
}

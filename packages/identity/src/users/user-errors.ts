import type { Capability } from '@aiconnected/permissions';
import { ShellError } from '@aiconnected/sdk-contracts';

/** `WORKSPACE_FORBIDDEN` for a workspace the actor cannot see (or that does not exist). */
export function workspaceForbidden(workspaceId: string): ShellError {
  return new ShellError(
    'WORKSPACE_FORBIDDEN',
    `workspace ${workspaceId} is not visible to the actor`,
    {
      details: { workspace_id: workspaceId },
    },
  );
}

/**
 * `WORKSPACE_FORBIDDEN` for a user outside the actor's scope. A user that does not exist gets
 * the same answer, so ids of other tenants' users cannot be probed.
 */
export function userOutOfScope(userId: string): ShellError {
  return new ShellError('WORKSPACE_FORBIDDEN', `user ${userId} is outside the actor's scope`, {
    userMessage: 'This user is outside the workspaces you manage.',
    details: { user_id: userId },
  });
}

/** `PERMISSION_DENIED` naming the capability the action needs. */
export function permissionDenied(capability: Capability, what: string): ShellError {
  return new ShellError('PERMISSION_DENIED', `${what} needs ${capability}`, {
    details: { required_permission: capability },
  });
}

function pgField(error: unknown, field: 'code' | 'constraint'): string | undefined {
  if (typeof error !== 'object' || error === null || !(field in error)) return undefined;
  const value: unknown = (error as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Turns the database's refusal of a user or membership write into a stable code: RLS
 * (`42501`) -> `PERMISSION_DENIED` (the code checks passed, the second layer refused), a taken
 * email or an existing membership (a concurrent request) -> `CONFLICT`. Anything else is
 * rethrown unchanged.
 */
export function translateUserWriteError(error: unknown, what: string): never {
  const code = pgField(error, 'code');
  const constraint = pgField(error, 'constraint');
  if (code === '42501') {
    throw new ShellError('PERMISSION_DENIED', `${what}: refused by row-level security`, {
      cause: error,
    });
  }
  if (code === '23505' && constraint === 'users_email_key') {
    throw emailTaken('email', error);
  }
  if (code === '23505' && constraint === 'workspace_memberships_workspace_id_user_id_key') {
    throw alreadyMember(error);
  }
  throw error;
}

/** `CONFLICT`: the address belongs to another account. */
export function emailTaken(field: string, cause?: unknown): ShellError {
  return new ShellError('CONFLICT', `${field}: address already in use`, {
    userMessage: 'This email address is already in use.',
    details: { field, reason: 'email_taken' },
    cause,
  });
}

/** `CONFLICT`: the user already has a membership in the workspace. */
export function alreadyMember(cause?: unknown): ShellError {
  return new ShellError('CONFLICT', 'membership already exists', {
    userMessage: 'This person is already a member of this workspace.',
    details: { reason: 'already_member' },
    cause,
  });
}

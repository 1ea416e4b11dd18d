import type { WriteConflicts } from '@aiconnected/access';
import { ShellError } from '@aiconnected/sdk-contracts';

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

/**
 * The unique keys of user and membership writes (`translateWriteError`): a taken email or an
 * existing membership, met by a concurrent request -> `CONFLICT`.
 */
export const USER_WRITE_CONFLICTS: WriteConflicts = {
  users_email_key: (_what, cause) => emailTaken('email', cause),
  workspace_memberships_workspace_id_user_id_key: (_what, cause) => alreadyMember(cause),
};

import type { Db } from '@aiconnected/db';
import { ShellError, type UserResult, type WorkspaceContext } from '@aiconnected/sdk-contracts';
import { setUserStatus } from './set-user-status';
import { updateUserProfile } from './update-user-profile';

export interface UpdateUserInput {
  actor: WorkspaceContext;
  userId: string;
  /** The new display name (`profile.display_name`); omitted: unchanged. */
  displayName?: string;
  /** `suspended` or `active`; omitted: unchanged. */
  status?: 'active' | 'suspended';
  correlationId: string;
}

/**
 * `PATCH /users/{id}`: a profile change, a status change, or both, in one `withWorkspace`
 * transaction with their audit rows, so a refused part leaves nothing of the other behind
 * (the rules are those of `updateUserProfile` and `setUserStatus`). At least one change is
 * required (`VALIDATION_BLOCKING`). Returns the user after every change.
 */
export async function updateUser(db: Db, input: UpdateUserInput): Promise<UserResult> {
  const { actor, userId, correlationId, displayName, status } = input;
  if (displayName === undefined && status === undefined) {
    throw new ShellError('VALIDATION_BLOCKING', 'user update without a change', {
      details: { issues: [{ path: 'body', message: 'Provide profile or status' }] },
    });
  }
  return db.withWorkspace(actor, async (tx) => {
    const profiled =
      displayName === undefined
        ? null
        : await updateUserProfile(tx, { actor, userId, displayName, correlationId });
    // After the profile, so its result carries both changes.
    const statused =
      status === undefined
        ? null
        : await setUserStatus(tx, { actor, userId, status, correlationId });
    const result = statused ?? profiled;
    if (result === null) throw new Error('updateUser ran without a change');
    return result;
  });
}

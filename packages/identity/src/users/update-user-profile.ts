import type { Tx } from '@aiconnected/db';
import { ShellError, type User, type WorkspaceContext } from '@aiconnected/sdk-contracts';
import {
  recordAudit,
  loadActorView,
  requireActiveCapability,
  translateWriteError,
} from '@aiconnected/access';
import { requireDisplayName } from './display-name';
import { requireManageableUser } from './require-manageable-user';
import { toUserRecord, USER_COLUMNS, type UserRow } from './user-record';
import { USER_WRITE_CONFLICTS } from './user-errors';

export interface UpdateUserProfileInput {
  actor: WorkspaceContext;
  userId: string;
  displayName: string;
  correlationId: string;
}

/**
 * Sets the display name inside the actor's `withWorkspace` transaction `tx` (`updateUser`
 * opens it, so a profile and a status change commit or roll back together). Allowed for
 * oneself, or with `users.manage` where the actor acts and the user manageable
 * (`requireManageableUser`). Audited as
 * `user.profile_update` in the same transaction.
 */
export async function updateUserProfile(
  tx: Tx,
  input: UpdateUserProfileInput,
): Promise<{ user: User }> {
  const { actor } = input;
  const displayName = requireDisplayName(input.displayName);
  if (input.userId !== actor.user_id) {
    const view = await loadActorView(tx, actor);
    requireActiveCapability(view, 'users.manage', 'changing a user profile');
    await requireManageableUser(tx, view, input.userId);
  }
  // As the actor: RLS allows oneself (while active) or users.manage over the user.
  const { rows } = await tx
    .query<UserRow & { previous_display_name: string | null }>(
      `with previous as (select p.display_name from public.users p where p.id = $1 for update)
       update public.users u set display_name = $2 from previous
        where u.id = $1
       returning ${USER_COLUMNS}, previous.display_name as previous_display_name`,
      [input.userId, displayName],
    )
    .catch((error: unknown) =>
      translateWriteError(error, 'changing a user profile', USER_WRITE_CONFLICTS),
    );
  const updated = rows[0];
  if (!updated) {
    throw new ShellError(
      'PERMISSION_DENIED',
      `row-level security hid user ${input.userId} from the profile update`,
      {
        details: { required_permission: 'users.manage' },
      },
    );
  }
  const { previous_display_name: previousDisplayName, ...user } = updated;
  await recordAudit(tx, actor, {
    workspaceId: actor.workspace_id,
    action: 'user.profile_update',
    targetType: 'user',
    targetId: input.userId,
    metadata: { display_name: { from: previousDisplayName, to: displayName } },
    correlationId: input.correlationId,
  });
  return { user: toUserRecord(user) };
}

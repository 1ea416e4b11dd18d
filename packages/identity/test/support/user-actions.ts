import { randomUUID } from 'node:crypto';
import { ROLE_CAPABILITIES, type RoleTemplate } from '@aiconnected/permissions';
import { isShellError, NOT_IMPERSONATING, type WorkspaceContext } from '@aiconnected/sdk-contracts';
import type { ContextFixture, UserKey, WorkspaceKey } from '../context-fixture';

/**
 * `actor(user, workspace, role)`: the WorkspaceContext of a fixture user acting in a fixture
 * workspace with a role template's capabilities. `fixture` is read lazily (set in beforeAll).
 */
export function actorFor(fixture: () => ContextFixture) {
  return (user: UserKey, workspace: WorkspaceKey, role: RoleTemplate): WorkspaceContext => ({
    user_id: fixture().userIds[user],
    session_id: randomUUID(),
    workspace_id: fixture().workspaceIds[workspace],
    role_template: role,
    permissions: [...ROLE_CAPABILITIES[role]],
    impersonation: NOT_IMPERSONATING,
  });
}

/** The error envelope a failed call answers with. */
export async function envelopeOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    if (isShellError(error)) return error.toEnvelope('corr-test');
    throw error;
  }
  throw new Error('expected the call to fail');
}

export const uniqueEmail = (label: string) => `${label}-${randomUUID().slice(0, 8)}@mail.test`;
export const correlation = () => `corr-${randomUUID()}`;

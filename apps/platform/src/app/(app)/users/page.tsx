import type { Metadata } from 'next';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@aiconnected/ui';
import { Forbidden } from '@/components/forbidden';
import { PageHeading } from '@/components/page-heading';
import { InviteUserForm } from '@/components/users/invite-user-form';
import { PendingInvitations } from '@/components/users/pending-invitations';
import { PagedUsersTable } from '@/components/users/paged-users-table';
import type { ListedInvitation, Page, WorkspaceUserPage } from '@aiconnected/sdk-contracts';
import { activeWorkspaceName } from '@/lib/active-workspace-name';
import { requirePageAccess } from '@/lib/guard';
import { readForPage } from '@/lib/page-errors';
import { apiFetch } from '@/lib/server-api';

export const metadata: Metadata = { title: 'Users' };

/**
 * `/users`: the members of the active workspace, inviting, the invitations not yet accepted
 * (resend, revoke), and managing each member.
 */
export default async function UsersPage() {
  const access = await requirePageAccess('/users');
  if (!access.allowed) return <Forbidden backHref={access.session.destination} />;
  const { context, session } = access;
  const workspaceId = context.workspace_id;
  const usersPath = `/users?workspace_id=${workspaceId}`;
  const read = await readForPage(() => apiFetch<WorkspaceUserPage>(usersPath));
  if (read.denied) return <Forbidden backHref={session.destination} />;

  const name = await activeWorkspaceName(session, workspaceId);
  const roles = read.data.assignable_roles;
  const can = (capability: string) => context.permissions.includes(capability);
  const invitationsPath = `/invitations?workspace_id=${workspaceId}`;
  const invitations = can('users.invite')
    ? await readForPage(() => apiFetch<Page<ListedInvitation>>(invitationsPath))
    : null;

  return (
    <>
      <PageHeading title="Users" description={`People with access to ${name}.`} />
      {can('users.invite') && roles.length > 0 ? (
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Invite a user</h2>
            </CardTitle>
            <CardDescription>
              They get an email with a link to accept the invitation.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <InviteUserForm workspaceId={workspaceId} roles={roles} />
          </CardContent>
        </Card>
      ) : null}
      {invitations && !invitations.denied ? (
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Pending invitations</h2>
            </CardTitle>
            <CardDescription>
              Invitations sent from this workspace that have not been accepted yet.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <PendingInvitations firstPage={invitations.data} path={invitationsPath} />
          </CardContent>
        </Card>
      ) : null}
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>Members</h2>
          </CardTitle>
          <CardDescription>
            {read.data.items.length}
            {read.data.next_cursor === null ? '' : '+'}{' '}
            {read.data.items.length === 1 && read.data.next_cursor === null ? 'member' : 'members'}.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <PagedUsersTable
            firstPage={read.data}
            path={usersPath}
            workspaceName={name}
            currentUserId={session.user.id}
            assignableRoles={roles}
          />
        </CardContent>
      </Card>
    </>
  );
}

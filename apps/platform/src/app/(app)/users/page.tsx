import type { Metadata } from 'next';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@aiconnected/ui';
import { Forbidden } from '@/components/forbidden';
import { PageHeading } from '@/components/page-heading';
import { InviteUserForm } from '@/components/users/invite-user-form';
import { UsersTable } from '@/components/users/users-table';
import type { ItemList, WorkspaceUser } from '@/lib/api-types';
import { activeWorkspaceName } from '@/lib/active-workspace-name';
import { assignableRoles } from '@/lib/assignable-roles';
import { requirePageAccess } from '@/lib/guard';
import { readForPage } from '@/lib/page-errors';
import { apiFetch } from '@/lib/server-api';

export const metadata: Metadata = { title: 'Users' };

/** `/users`: the members of the active workspace, inviting, and managing each member. */
export default async function UsersPage() {
  const access = await requirePageAccess('/users');
  if (!access.allowed) return <Forbidden backHref={access.session.destination} />;
  const { context, subject, session } = access;
  const workspaceId = context.workspace_id;
  const read = await readForPage(() => apiFetch<ItemList<WorkspaceUser>>(`/users?workspace_id=${workspaceId}`));
  if (read.denied) return <Forbidden backHref={session.destination} />;

  const name = await activeWorkspaceName(session, workspaceId);
  const roles = assignableRoles(subject);
  const can = (capability: string) => context.permissions.includes(capability);

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
              New addresses get an email with a link to choose a password; existing accounts are added at once.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <InviteUserForm workspaceId={workspaceId} roles={roles} />
          </CardContent>
        </Card>
      ) : null}
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>Members</h2>
          </CardTitle>
          <CardDescription>
            {read.data.items.length} {read.data.items.length === 1 ? 'member' : 'members'}.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <UsersTable
            workspaceName={name}
            users={read.data.items}
            currentUserId={session.user.id}
            abilities={{
              manage: can('users.manage'),
              resetPassword: can('users.password.reset'),
              updateEmail: can('users.email.update'),
            }}
            assignableRoles={roles}
          />
        </CardContent>
      </Card>
    </>
  );
}

import type { Metadata } from 'next';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@aiconnected/ui';
import { Forbidden } from '@/components/forbidden';
import { PageHeading } from '@/components/page-heading';
import { CreateWorkspaceForm } from '@/components/workspaces/create-workspace-form';
import { WorkspaceTable } from '@/components/workspaces/workspace-table';
import type { ItemList, Workspace } from '@/lib/api-types';
import { assignableRoles } from '@/lib/assignable-roles';
import { requirePageAccess } from '@/lib/guard';
import { readForPage } from '@/lib/page-errors';
import { apiFetch } from '@/lib/server-api';

export const metadata: Metadata = { title: 'Super dashboard' };

/** `/super`: the platform's agencies, creating one, and impersonating one. */
export default async function SuperDashboardPage() {
  const access = await requirePageAccess('/super');
  if (!access.allowed) return <Forbidden backHref={access.session.destination} />;
  const read = await readForPage(() => apiFetch<ItemList<Workspace>>('/workspaces'));
  if (read.denied) return <Forbidden backHref={access.session.destination} />;

  const workspaces = read.data.items;
  const agencies = workspaces.filter((workspace) => workspace.type === 'agency');
  const businessCount = (agency: Workspace) =>
    workspaces.filter((workspace) => workspace.parent_workspace_id === agency.id).length;
  const permissions = access.context.permissions;

  return (
    <>
      <PageHeading
        title="Super dashboard"
        description={`${agencies.length} ${agencies.length === 1 ? 'agency' : 'agencies'} on the platform.`}
      />
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>Agencies</h2>
          </CardTitle>
          <CardDescription>Every agency, how many businesses it runs, and its people.</CardDescription>
        </CardHeader>
        <CardContent>
          <WorkspaceTable
            caption="Agencies"
            workspaces={agencies}
            canImpersonate={permissions.includes('impersonation.super.start')}
            inviteRoles={permissions.includes('users.invite') ? assignableRoles(access.subject, 'agency') : []}
            extra={{ header: 'Businesses', cell: businessCount }}
            empty="No agencies yet. Create the first one below."
          />
        </CardContent>
      </Card>
      {permissions.includes('settings.manage') ? (
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Create an agency</h2>
            </CardTitle>
            <CardDescription>
              The agency starts without members: invite its administrator from the list above.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <CreateWorkspaceForm kind="agency" />
          </CardContent>
        </Card>
      ) : null}
    </>
  );
}

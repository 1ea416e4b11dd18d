import type { Metadata } from 'next';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@aiconnected/ui';
import { Forbidden } from '@/components/forbidden';
import { PageHeading } from '@/components/page-heading';
import { CreateWorkspaceForm } from '@/components/workspaces/create-workspace-form';
import { PagedWorkspaceTable } from '@/components/workspaces/paged-workspace-table';
import { seesChildWorkspaces } from '@aiconnected/permissions';
import type { Page, Workspace } from '@aiconnected/sdk-contracts';
import { activeWorkspaceName } from '@/lib/active-workspace-name';
import { assignableRoles } from '@/lib/assignable-roles';
import { requirePageAccess } from '@/lib/guard';
import { readForPage } from '@/lib/page-errors';
import { apiFetch } from '@/lib/server-api';

export const metadata: Metadata = { title: 'Agency dashboard' };

/** `/agency`: the agency's businesses, creating one, inviting into one, and impersonating one. */
export default async function AgencyDashboardPage() {
  const access = await requirePageAccess('/agency');
  if (!access.allowed) return <Forbidden backHref={access.session.destination} />;
  const agencyId = access.context.workspace_id;
  const name = await activeWorkspaceName(access.session, agencyId);
  const permissions = access.context.permissions;
  if (!seesChildWorkspaces(access.context.role_template)) {
    return (
      <PageHeading
        title="Agency dashboard"
        description={`${name}: the agency's businesses are managed by its administrators and managers.`}
      />
    );
  }
  const businessesPath = `/workspaces?type=business&parent_workspace_id=${agencyId}`;
  const read = await readForPage(() => apiFetch<Page<Workspace>>(businessesPath));
  if (read.denied) return <Forbidden backHref={access.session.destination} />;
  const businesses = read.data.items;
  const more = read.data.next_cursor === null ? '' : '+';

  return (
    <>
      <PageHeading
        title="Agency dashboard"
        description={`${name}: ${businesses.length}${more} ${businesses.length === 1 && !more ? 'business' : 'businesses'}.`}
      />
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>Businesses</h2>
          </CardTitle>
          <CardDescription>The businesses this agency runs.</CardDescription>
        </CardHeader>
        <CardContent>
          <PagedWorkspaceTable
            caption="Businesses"
            noun={{ one: 'business', other: 'businesses' }}
            firstPage={read.data}
            path={businessesPath}
            canImpersonate={permissions.includes('impersonation.agency_business.start')}
            inviteRoles={
              permissions.includes('users.invite')
                ? assignableRoles(access.subject, 'business')
                : []
            }
            empty={{
              title: 'No businesses yet',
              description: permissions.includes('settings.manage')
                ? 'Create the first one below; you can then invite its people and install its modules.'
                : 'An agency administrator creates the businesses of this agency.',
            }}
          />
        </CardContent>
      </Card>
      {permissions.includes('settings.manage') ? (
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Create a business</h2>
            </CardTitle>
            <CardDescription>A new business workspace under {name}.</CardDescription>
          </CardHeader>
          <CardContent>
            <CreateWorkspaceForm kind="business" parentWorkspaceId={agencyId} />
          </CardContent>
        </Card>
      ) : null}
    </>
  );
}

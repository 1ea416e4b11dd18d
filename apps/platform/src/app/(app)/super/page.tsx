import type { Metadata } from 'next';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@aiconnected/ui';
import { Forbidden } from '@/components/forbidden';
import { PageHeading } from '@/components/page-heading';
import { CreateWorkspaceForm } from '@/components/workspaces/create-workspace-form';
import { PagedWorkspaceTable } from '@/components/workspaces/paged-workspace-table';
import type { Page, Workspace } from '@aiconnected/sdk-contracts';
import { assignableRoles } from '@/lib/assignable-roles';
import { requirePageAccess } from '@/lib/guard';
import { readForPage } from '@/lib/page-errors';
import { apiFetch } from '@/lib/server-api';

export const metadata: Metadata = { title: 'Super dashboard' };

/** The agencies, a page at a time (`GET /api/workspaces`, keyset-paginated). */
const AGENCIES_PATH = '/workspaces?type=agency';

/** `/super`: the platform's agencies (a page at a time), creating one, and impersonating one. */
export default async function SuperDashboardPage() {
  const access = await requirePageAccess('/super');
  if (!access.allowed) return <Forbidden backHref={access.session.destination} />;
  const read = await readForPage(() => apiFetch<Page<Workspace>>(AGENCIES_PATH));
  if (read.denied) return <Forbidden backHref={access.session.destination} />;

  const agencies = read.data.items;
  const more = read.data.next_cursor === null ? '' : '+';
  const permissions = access.context.permissions;

  return (
    <>
      <PageHeading
        title="Super dashboard"
        description={`${agencies.length}${more} ${agencies.length === 1 && !more ? 'agency' : 'agencies'} on the platform.`}
      />
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>Agencies</h2>
          </CardTitle>
          <CardDescription>Every agency by name and its people.</CardDescription>
        </CardHeader>
        <CardContent>
          <PagedWorkspaceTable
            caption="Agencies"
            noun={{ one: 'agency', other: 'agencies' }}
            firstPage={read.data}
            path={AGENCIES_PATH}
            canImpersonate={permissions.includes('impersonation.super.start')}
            inviteRoles={
              permissions.includes('users.invite') ? assignableRoles(access.subject, 'agency') : []
            }
            empty={{
              title: 'No agencies yet',
              description:
                'Create the first one below; its administrators then add their businesses.',
            }}
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

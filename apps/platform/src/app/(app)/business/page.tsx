import type { Metadata } from 'next';
import Link from 'next/link';
import { Button, Card, CardContent, CardDescription, CardHeader, CardTitle } from '@aiconnected/ui';
import { Forbidden } from '@/components/forbidden';
import { effectiveRoleLabel } from '@/components/labels';
import { PageHeading } from '@/components/page-heading';
import { canOpen } from '@/lib/access';
import type { Page, WorkspaceUser } from '@aiconnected/sdk-contracts';
import { activeWorkspaceName } from '@/lib/active-workspace-name';
import { requirePageAccess } from '@/lib/guard';
import { readForPage } from '@/lib/page-errors';
import { apiFetch } from '@/lib/server-api';

export const metadata: Metadata = { title: 'Business dashboard' };

/** `/business`: the business workspace at a glance: its name, your role, its members. */
export default async function BusinessDashboardPage() {
  const access = await requirePageAccess('/business');
  if (!access.allowed) return <Forbidden backHref={access.session.destination} />;
  const workspaceId = access.context.workspace_id;
  const read = await readForPage(() =>
    apiFetch<Page<WorkspaceUser>>(`/users?workspace_id=${workspaceId}&limit=200`),
  );
  if (read.denied) return <Forbidden backHref={access.session.destination} />;

  const name = await activeWorkspaceName(access.session, workspaceId);
  const members = read.data.items.filter((user) => user.active);
  // The first 200 members: a larger team shows "200+".
  const more = read.data.next_cursor === null ? '' : '+';

  return (
    <>
      <PageHeading title="Business dashboard" description={name} />
      <dl className="grid gap-4 sm:grid-cols-3">
        {[
          { term: 'Workspace', value: name },
          { term: 'Your role', value: effectiveRoleLabel(access.context) },
          { term: 'Members', value: `${members.length}${more}` },
        ].map((fact) => (
          <div
            key={fact.term}
            className="rounded-xl border bg-card p-6 text-card-foreground shadow"
          >
            <dt className="text-sm text-muted-foreground">{fact.term}</dt>
            <dd className="mt-2 truncate text-xl font-semibold">{fact.value}</dd>
          </div>
        ))}
      </dl>
      {canOpen(access.subject, '/users') ? (
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Team</h2>
            </CardTitle>
            <CardDescription>Invite people and manage their roles.</CardDescription>
          </CardHeader>
          <CardContent>
            <Button asChild variant="outline">
              <Link href="/users">Manage users</Link>
            </Button>
          </CardContent>
        </Card>
      ) : null}
    </>
  );
}

import type { Metadata } from 'next';
import { Card, CardContent } from '@aiconnected/ui';
import { AuditFiltersForm } from '@/components/audit/audit-filters';
import { AuditLogTable } from '@/components/audit/audit-log-table';
import { Forbidden } from '@/components/forbidden';
import { personName } from '@/components/labels';
import { PageHeading } from '@/components/page-heading';
import type { AuditLogPage, ItemList, Workspace, WorkspaceUser } from '@/lib/api-types';
import { auditLogQuery, readAuditFilters } from '@/lib/audit-query';
import { requirePageAccess } from '@/lib/guard';
import { readForPage } from '@/lib/page-errors';
import { apiFetch } from '@/lib/server-api';

export const metadata: Metadata = { title: 'Audit log' };

const PAGE_SIZE = 50;

interface AuditPageProps {
  searchParams: Record<string, string | string[] | undefined>;
}

/** The names the table shows instead of ids; a list the visitor may not read is simply left out. */
async function readNames(workspaceId: string) {
  const [users, workspaces] = await Promise.all([
    apiFetch<ItemList<WorkspaceUser>>(`/users?workspace_id=${workspaceId}`).catch(() => ({ items: [] })),
    apiFetch<ItemList<Workspace>>('/workspaces').catch(() => ({ items: [] })),
  ]);
  return { users: users.items, workspaces: workspaces.items };
}

/** `/audit`: the audit log of what the visitor can see, filterable, newest first. */
export default async function AuditPage({ searchParams }: AuditPageProps) {
  const access = await requirePageAccess('/audit');
  if (!access.allowed) return <Forbidden backHref={access.session.destination} />;
  const filters = readAuditFilters(searchParams);
  const query = auditLogQuery(filters, PAGE_SIZE);
  const read = await readForPage(() => apiFetch<AuditLogPage>(`/audit-logs?${query}`));
  if (read.denied) return <Forbidden backHref={access.session.destination} />;

  const { users, workspaces } = await readNames(access.context.workspace_id);
  const userNames = Object.fromEntries(users.map((user) => [user.id, personName(user)]));
  userNames[access.session.user.id] = personName(access.session.user);
  const workspaceNames = Object.fromEntries(workspaces.map((workspace) => [workspace.id, workspace.name]));

  return (
    <>
      <PageHeading title="Audit log" description="Privileged actions in the workspaces you administer, newest first." />
      <Card>
        <CardContent className="pt-6">
          <AuditFiltersForm
            filters={filters}
            actors={Object.entries(userNames).map(([id, name]) => ({ id, name }))}
            workspaces={workspaces.map((workspace) => ({ id: workspace.id, name: workspace.name }))}
          />
        </CardContent>
      </Card>
      <Card>
        <CardContent className="pt-6">
          {/* Keyed by the filters: new filters start a fresh list instead of appending. */}
          <AuditLogTable
            key={query}
            firstPage={read.data}
            query={query}
            userNames={userNames}
            workspaceNames={workspaceNames}
          />
        </CardContent>
      </Card>
    </>
  );
}

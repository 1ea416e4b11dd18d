import type { Metadata } from 'next';
import { Card, CardContent } from '@aiconnected/ui';
import { AuditFiltersForm } from '@/components/audit/audit-filters';
import { AuditLogTable } from '@/components/audit/audit-log-table';
import { Forbidden } from '@/components/forbidden';
import { personName } from '@/components/labels';
import { PageHeading } from '@/components/page-heading';
import type {
  AuditLogPage,
  AuditLogPerson,
  Page,
  Workspace,
  WorkspaceUserPage,
} from '@aiconnected/sdk-contracts';
import { auditLogQuery, auditPeriodProblem, readAuditFilters } from '@/lib/audit-query';
import { requirePageAccess } from '@/lib/guard';
import { readForPage } from '@/lib/page-errors';
import { apiFetch } from '@/lib/server-api';

export const metadata: Metadata = { title: 'Audit log' };

const PAGE_SIZE = 50;

interface AuditPageProps {
  searchParams: Record<string, string | string[] | undefined>;
}

/**
 * The actor filter's candidates (the active workspace's members) and the workspace names the
 * table and filters show; a list the visitor may not read is simply left out. The entries
 * name their own people (the API resolves them).
 */
async function readNames(workspaceId: string) {
  const [users, workspaces] = await Promise.all([
    apiFetch<WorkspaceUserPage>(`/users?workspace_id=${workspaceId}`).catch(() => ({
      items: [],
    })),
    apiFetch<Page<Workspace>>('/workspaces').catch(() => ({ items: [] })),
  ]);
  return { users: users.items, workspaces: workspaces.items };
}

/** `/audit`: the audit log of what the visitor can see, filterable, newest first. */
export default async function AuditPage({ searchParams }: AuditPageProps) {
  const access = await requirePageAccess('/audit');
  if (!access.allowed) return <Forbidden backHref={access.session.destination} />;
  const filters = readAuditFilters(searchParams);
  const problem = auditPeriodProblem(filters);
  const query = auditLogQuery(filters, PAGE_SIZE);
  // A period the API would refuse is not asked for: the form says what to fix.
  const read = await readForPage(() =>
    problem === null
      ? apiFetch<AuditLogPage>(`/audit-logs?${query}`)
      : Promise.resolve<AuditLogPage>({ items: [], next_cursor: null }),
  );
  if (read.denied) return <Forbidden backHref={access.session.destination} />;

  const { users, workspaces } = await readNames(access.context.workspace_id);
  // Filter by anyone listed, the visitor, or anyone the first page names (e.g. an operator
  // from another workspace), so a chosen actor stays selected.
  const named = read.data.items.flatMap((entry) => [entry.actor, entry.impersonator]);
  const people: AuditLogPerson[] = [
    ...users,
    access.session.user,
    ...named.filter((p) => p !== null),
  ];
  const actors = [
    ...new Map(people.map((person) => [person.id, personName(person)])).entries(),
  ].map(([id, name]) => ({ id, name }));
  const workspaceNames = Object.fromEntries(
    workspaces.map((workspace) => [workspace.id, workspace.name]),
  );

  return (
    <>
      <PageHeading
        title="Audit log"
        description="Privileged actions in the workspaces you administer, newest first."
      />
      <Card>
        <CardContent className="pt-6">
          <AuditFiltersForm
            filters={filters}
            actors={actors}
            workspaces={workspaces.map((workspace) => ({ id: workspace.id, name: workspace.name }))}
            problem={problem}
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
            workspaceNames={workspaceNames}
          />
        </CardContent>
      </Card>
    </>
  );
}

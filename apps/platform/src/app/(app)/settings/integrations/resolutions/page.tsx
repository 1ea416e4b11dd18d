import type { Metadata } from 'next';
import Link from 'next/link';
import { KeyRound, SearchX } from 'lucide-react';
import { Button, Card, CardContent, EmptyState } from '@aiconnected/ui';
import type { ProviderList, ResolutionDecisionPage } from '@aiconnected/sdk-contracts';
import { Forbidden } from '@/components/forbidden';
import { ResolutionLogFilters } from '@/components/integrations/resolution-log-filters';
import { ResolutionLogTable } from '@/components/integrations/resolution-log-table';
import { canOpen } from '@/lib/access';
import { auditPeriodProblem } from '@/lib/audit-query';
import { requirePageAccess } from '@/lib/guard';
import { providerListPath } from '@/lib/integrations-scope';
import { readForPage } from '@/lib/page-errors';
import {
  hasResolutionFilters,
  readResolutionFilters,
  resolutionLogQuery,
} from '@/lib/resolution-query';
import { apiFetch } from '@/lib/server-api';
import { loadWorkspaceScopes } from '@/lib/workspace-scope';

export const metadata: Metadata = { title: 'Resolution log · Integrations' };

const PAGE_SIZE = 50;

/**
 * `/settings/integrations/resolutions`: every credential resolution of the active agency's tree
 * (the platform: every tree), newest first, filtered by provider, outcome, reason, workspace
 * and days; each row opens the levels it walked. A business has no resolution log.
 */
export default async function ResolutionLogPage({
  searchParams,
}: {
  searchParams: Record<string, string | string[] | undefined>;
}) {
  const access = await requirePageAccess('/settings/integrations/resolutions');
  if (!access.allowed) return <Forbidden backHref={access.session.destination} />;
  const workspaceId = access.context.workspace_id;
  const filters = readResolutionFilters(searchParams);
  const problem = auditPeriodProblem(filters);
  const query = resolutionLogQuery(workspaceId, filters, PAGE_SIZE);
  const read = await readForPage(async () => {
    const [page, workspaces, providers] = await Promise.all([
      problem === null
        ? apiFetch<ResolutionDecisionPage>(`/credentials/resolutions?${query}`)
        : Promise.resolve<ResolutionDecisionPage>({ items: [], next_cursor: null }),
      loadWorkspaceScopes(workspaceId, 'all'),
      // The filter's provider list is a convenience: without integrations.manage it is empty.
      apiFetch<ProviderList>(providerListPath(workspaceId)).catch(
        () => ({ items: [] }) satisfies ProviderList,
      ),
    ]);
    return { page, workspaces, providers: providers.items };
  });
  if (read.denied) return <Forbidden backHref={access.session.destination} />;
  const { page, workspaces, providers } = read.data;
  const names = Object.fromEntries(workspaces.map((workspace) => [workspace.id, workspace.name]));
  const filtered = hasResolutionFilters(filters);

  return (
    <>
      <div className="space-y-1">
        <h2 className="text-lg font-semibold tracking-tight">Resolution log</h2>
        <p className="max-w-prose text-sm text-muted-foreground">
          Every time a module (or a Test resolution) asked for a credential in this tree: where it
          came from, or why there was none. Kept 365 days; never the secret.
        </p>
      </div>
      <Card>
        <CardContent className="pt-6">
          <ResolutionLogFilters
            filters={filters}
            providers={providers.map((item) => ({
              key: item.provider_key,
              name: item.display_name,
            }))}
            workspaces={workspaces.map(({ id, name }) => ({ id, name }))}
            problem={problem}
          />
        </CardContent>
      </Card>
      {page.items.length === 0 ? (
        <EmptyState
          role="status"
          icon={filtered ? SearchX : KeyRound}
          title={filtered ? 'No resolution matches these filters.' : 'No resolutions yet'}
          description={
            filtered
              ? 'Widen the filters above to see more.'
              : 'They appear when a module asks for a credential, or when you use Test resolution on the Credential policies tab.'
          }
          action={
            filtered || !canOpen(access.subject, '/settings/integrations/credentials') ? null : (
              <Button asChild variant="outline">
                <Link href="/settings/integrations/credentials">Open Credential policies</Link>
              </Button>
            )
          }
        />
      ) : (
        <Card>
          <CardContent className="pt-6">
            <ResolutionLogTable key={query} firstPage={page} query={query} workspaceNames={names} />
          </CardContent>
        </Card>
      )}
    </>
  );
}

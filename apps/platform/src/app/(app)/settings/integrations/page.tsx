import type { Metadata } from 'next';
import { Card, CardContent } from '@aiconnected/ui';
import type { ConnectionList, ProviderList as Providers } from '@aiconnected/sdk-contracts';
import { Forbidden } from '@/components/forbidden';
import { ConnectResultBanner } from '@/components/integrations/connect-result-banner';
import { ConnectionTable } from '@/components/integrations/connection-table';
import { connectReturnOf } from '@/components/integrations/integration-labels';
import { ProviderList } from '@/components/integrations/provider-list';
import { openIntegrationsPage, providerListPath } from '@/lib/integrations-scope';
import { readForPage } from '@/lib/page-errors';
import { apiFetch } from '@/lib/server-api';

export const metadata: Metadata = { title: 'Integrations' };

const PATH = '/settings/integrations';

/**
 * `/settings/integrations` (Connections): the providers the picked workspace may connect, with
 * Connect, and its connections with their state, Reconnect and Disconnect; after the
 * provider's hosted sign-in sends the browser back (`?connect=`), what happened there.
 */
export default async function IntegrationsPage({
  searchParams,
}: {
  searchParams: Record<string, string | string[] | undefined>;
}) {
  const page = await openIntegrationsPage(PATH, searchParams);
  if (!page.allowed) return <Forbidden backHref={page.backHref} />;
  const { access, scope } = page;
  const workspaceId = scope.workspace.id;
  const read = await readForPage(async () => {
    const [providers, connections] = await Promise.all([
      apiFetch<Providers>(providerListPath(workspaceId)),
      apiFetch<ConnectionList>(
        `/integrations/providers/composio/connections?workspace_id=${encodeURIComponent(workspaceId)}`,
      ),
    ]);
    return { providers: providers.items, connections: connections.items };
  });
  if (read.denied) return <Forbidden backHref={access.session.destination} />;
  const { providers, connections } = read.data;
  const returnPath = `${PATH}${scope.query}`;
  const result = connectReturnOf(searchParams.connect);
  const reason = typeof searchParams.reason === 'string' ? searchParams.reason : undefined;

  return (
    <>
      {result ? <ConnectResultBanner result={result} reason={reason} /> : null}
      <section className="space-y-3" aria-labelledby="providers-heading">
        <div className="space-y-1">
          <h2 id="providers-heading" className="text-lg font-semibold tracking-tight">
            Providers
          </h2>
          <p className="max-w-prose text-sm text-muted-foreground">
            Connect an account of a provider for {scope.workspace.name}. You sign in at the
            provider; its token stays with the shell and is never shown.
          </p>
        </div>
        <ProviderList
          providers={providers}
          connections={connections}
          workspaceId={scope.workspace.id}
          returnPath={returnPath}
        />
      </section>
      <section className="space-y-3" aria-labelledby="connections-heading">
        <h2 id="connections-heading" className="text-lg font-semibold tracking-tight">
          Connections of {scope.workspace.name}
        </h2>
        {connections.length === 0 ? (
          // The empty state has its own frame: no card around it.
          <ConnectionTable
            connections={connections}
            providers={providers}
            workspaceId={scope.workspace.id}
            returnPath={returnPath}
          />
        ) : (
          <Card>
            <CardContent className="pt-6">
              <ConnectionTable
                connections={connections}
                providers={providers}
                workspaceId={scope.workspace.id}
                returnPath={returnPath}
              />
            </CardContent>
          </Card>
        )}
      </section>
    </>
  );
}

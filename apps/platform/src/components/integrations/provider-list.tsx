import { PlugZap } from 'lucide-react';
import { Badge, EmptyState } from '@aiconnected/ui';
import type { IntegrationConnection, ProviderConfig } from '@aiconnected/sdk-contracts';
import { ConnectDialog } from './connect-dialog';

/** How many accounts of a provider are active, in words. */
function activeText(count: number): string {
  if (count === 0) return 'Not connected';
  return `${count} active ${count === 1 ? 'account' : 'accounts'}`;
}

/**
 * The providers this workspace may connect, each with its scopes and a Connect button; a
 * provider the platform disabled says so instead. Empty: says who sets providers up.
 */
export function ProviderList({
  providers,
  connections,
  workspaceId,
  returnPath,
}: {
  providers: readonly ProviderConfig[];
  connections: readonly IntegrationConnection[];
  workspaceId: string;
  returnPath: string;
}) {
  if (providers.length === 0) {
    return (
      <EmptyState
        role="status"
        icon={PlugZap}
        title="No provider is set up on this platform yet"
        description="A platform administrator adds one (for example GitHub) with its Composio auth config; it then shows here to connect."
      />
    );
  }
  return (
    <ul className="grid gap-4 md:grid-cols-2" aria-label="Providers">
      {providers.map((provider) => {
        const active = connections.filter(
          (c) => c.provider_key === provider.provider_key && c.status === 'active',
        ).length;
        return (
          <li
            key={provider.provider_key}
            className="flex flex-col gap-3 rounded-lg border bg-card p-4"
          >
            <div className="flex flex-wrap items-center gap-2">
              <h3 className="font-medium">{provider.display_name}</h3>
              <span className="font-mono text-xs text-muted-foreground">
                {provider.provider_key}
              </span>
              {provider.enabled ? (
                <Badge variant={active > 0 ? 'success' : 'outline'}>{activeText(active)}</Badge>
              ) : (
                <Badge variant="outline">Disabled by the platform</Badge>
              )}
            </div>
            <p className="text-sm text-muted-foreground">
              {provider.allowed_scopes.length === 0
                ? 'No scope is allowed in this workspace.'
                : `Scopes allowed here: ${provider.allowed_scopes.join(', ')}`}
            </p>
            {provider.enabled ? (
              <div className="mt-auto">
                <ConnectDialog
                  workspaceId={workspaceId}
                  provider={provider}
                  returnPath={returnPath}
                />
              </div>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

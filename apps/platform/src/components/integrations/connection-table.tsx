import { Cable } from 'lucide-react';
import {
  EmptyState,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '@aiconnected/ui';
import type { IntegrationConnection, ProviderConfig } from '@aiconnected/sdk-contracts';
import { ConnectDialog } from './connect-dialog';
import { ConnectionStateBadge } from './connection-state-badge';
import { DisconnectDialog } from './disconnect-dialog';
import {
  canDisconnect,
  canReconnect,
  CONNECTION_STATE_LABELS,
  instantOrNever,
} from './integration-labels';

/**
 * The workspace's connections: provider, account, state (with what to do about it), scopes,
 * when it connected and when the provider was last asked; Reconnect for one that is not
 * active (while its provider is enabled), Disconnect for one not yet disconnected. A table from
 * `xl` up (where its seven columns fit beside the sidebar), stacked rows below.
 */
export function ConnectionTable({
  connections,
  providers,
  workspaceId,
  returnPath,
}: {
  connections: readonly IntegrationConnection[];
  providers: readonly ProviderConfig[];
  workspaceId: string;
  returnPath: string;
}) {
  if (connections.length === 0) {
    return (
      <EmptyState
        role="status"
        icon={Cable}
        title="No connections yet"
        description="Connect a provider above. Its modules then use the account you sign in with, and workspaces below this one may fall back to it if their policy allows."
      />
    );
  }
  const providerOf = (key: string) => providers.find((p) => p.provider_key === key);
  /** Reconnect and Disconnect, when they apply. */
  const actions = (
    connection: IntegrationConnection,
    provider: ProviderConfig | undefined,
    name: string,
    align = 'justify-end',
  ) => (
    <div className={`flex flex-wrap gap-2 ${align}`}>
      {provider?.enabled && canReconnect(connection) ? (
        <ConnectDialog
          workspaceId={workspaceId}
          provider={provider}
          returnPath={returnPath}
          reconnect={{
            accountRef: connection.provider_account_ref,
            scopes: connection.scopes,
          }}
        />
      ) : null}
      {canDisconnect(connection) ? (
        <DisconnectDialog connection={connection} providerName={name} />
      ) : null}
    </div>
  );
  return (
    <>
      <div className="hidden xl:block">
        <Table scrollLabel="Connections">
          <TableCaption className="sr-only">Connections of this workspace</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHead>Provider</TableHead>
              <TableHead>Account</TableHead>
              <TableHead>State</TableHead>
              <TableHead>Scopes</TableHead>
              <TableHead>Connected</TableHead>
              <TableHead>Last checked</TableHead>
              <TableHead>
                <span className="sr-only">Actions</span>
              </TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {connections.map((connection) => {
              const provider = providerOf(connection.provider_key);
              const name = provider?.display_name ?? connection.provider_key;
              return (
                <TableRow key={connection.id}>
                  <TableCell className="font-medium">{name}</TableCell>
                  <TableCell className="break-all">{connection.provider_account_ref}</TableCell>
                  <TableCell>
                    <ConnectionStateBadge state={connection.status} />
                    <span className="mt-1 block max-w-56 text-xs text-muted-foreground">
                      {CONNECTION_STATE_LABELS[connection.status].hint}
                    </span>
                  </TableCell>
                  <TableCell className="max-w-48 break-words font-mono text-xs">
                    {connection.scopes.join(', ') || '—'}
                  </TableCell>
                  <TableCell className="whitespace-nowrap">
                    {instantOrNever(connection.connected_at)}
                  </TableCell>
                  <TableCell className="whitespace-nowrap">
                    {instantOrNever(connection.status_checked_at)}
                  </TableCell>
                  <TableCell>{actions(connection, provider, name)}</TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </div>
      <ul className="divide-y xl:hidden" aria-label="Connections of this workspace">
        {connections.map((connection) => {
          const provider = providerOf(connection.provider_key);
          const name = provider?.display_name ?? connection.provider_key;
          return (
            <li key={connection.id} className="space-y-2 py-3 first:pt-0 last:pb-0">
              <div className="flex items-start justify-between gap-3">
                <p className="min-w-0">
                  <span className="font-medium">{name}</span>
                  <span className="block break-all text-sm text-muted-foreground">
                    {connection.provider_account_ref}
                  </span>
                </p>
                <ConnectionStateBadge state={connection.status} />
              </div>
              <p className="text-xs text-muted-foreground">
                {CONNECTION_STATE_LABELS[connection.status].hint}
              </p>
              <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
                <dt className="text-muted-foreground">Scopes</dt>
                <dd className="min-w-0 break-words font-mono text-xs leading-5">
                  {connection.scopes.join(', ') || '—'}
                </dd>
                <dt className="text-muted-foreground">Connected</dt>
                <dd>{instantOrNever(connection.connected_at)}</dd>
                <dt className="text-muted-foreground">Last checked</dt>
                <dd>{instantOrNever(connection.status_checked_at)}</dd>
              </dl>
              {actions(connection, provider, name, 'justify-start')}
            </li>
          );
        })}
      </ul>
    </>
  );
}

import { Badge } from '@aiconnected/ui';
import type { SDKContractVersionRecord } from '@aiconnected/sdk-contracts';
import { formatInstant } from '../labels';
import { CONTRACT_STATUS_LABELS, groupContractVersions } from './contract-labels';
import { SchemaDialog } from './schema-dialog';

/** The published SDK contract versions, one group per contract, highest version first. */
export function ContractVersions({ items }: { items: SDKContractVersionRecord[] }) {
  const groups = groupContractVersions(items);
  if (groups.length === 0) {
    return (
      <p className="rounded-md border border-dashed p-6 text-center text-sm text-muted-foreground">
        No contract versions are published yet.
      </p>
    );
  }
  return (
    <div className="space-y-6">
      {groups.map((group) => (
        <section key={group.contract_name} aria-labelledby={`contract-${group.contract_name}`}>
          <h3 id={`contract-${group.contract_name}`} className="font-mono text-sm font-semibold">
            {group.contract_name}
          </h3>
          <ul
            className="mt-2 divide-y rounded-md border"
            aria-label={`Versions of ${group.contract_name}`}
          >
            {group.versions.map((version) => {
              const status = CONTRACT_STATUS_LABELS[version.status];
              return (
                <li
                  key={version.id}
                  className="flex flex-col gap-2 p-3 sm:flex-row sm:items-center sm:justify-between"
                >
                  <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                    <span className="font-mono font-medium">{version.semver}</span>
                    <Badge variant={status.variant}>{status.label}</Badge>
                    <span className="text-sm text-muted-foreground">
                      {version.published_at
                        ? `Published ${formatInstant(version.published_at)}`
                        : 'Not published'}
                    </span>
                  </div>
                  <SchemaDialog version={version} />
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </div>
  );
}

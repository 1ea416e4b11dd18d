import { FileJson } from 'lucide-react';
import { Badge, EmptyState } from '@aiconnected/ui';
import type { SDKContractVersionRecord } from '@aiconnected/sdk-contracts';
import { formatInstant } from '../labels';
import { PhoneDisclosure } from '../phone-disclosure';
import { CONTRACT_STATUS_LABELS, groupContractVersions } from './contract-labels';
import { SchemaDialog } from './schema-dialog';

/**
 * The published SDK contract versions, one group per contract, highest version first. A phone
 * shows each contract folded to its latest version and count; a wider screen shows every version.
 */
export function ContractVersions({ items }: { items: SDKContractVersionRecord[] }) {
  const groups = groupContractVersions(items);
  if (groups.length === 0) {
    return (
      <EmptyState
        icon={FileJson}
        title="No contract versions are published yet"
        description="Modules are checked against the versions published here. The platform operator publishes them."
      />
    );
  }
  return (
    <div className="divide-y sm:space-y-6 sm:divide-y-0">
      {groups.map((group) => {
        const latest = group.versions[0];
        const count = group.versions.length;
        return (
          <PhoneDisclosure
            key={group.contract_name}
            title={group.contract_name}
            titleClassName="font-mono text-sm font-semibold"
            summary={`${latest ? `${latest.semver} ${CONTRACT_STATUS_LABELS[latest.status].label.toLowerCase()} · ` : ''}${count} ${count === 1 ? 'version' : 'versions'}`}
          >
            <ul
              className="divide-y rounded-md border sm:mt-2"
              aria-label={`Versions of ${group.contract_name}`}
            >
              {group.versions.map((version) => {
                const status = CONTRACT_STATUS_LABELS[version.status];
                return (
                  <li key={version.id} className="flex items-center justify-between gap-3 p-3">
                    <div className="flex min-w-0 flex-wrap items-center gap-x-3 gap-y-1">
                      <span className="font-mono font-medium">{version.semver}</span>
                      <Badge variant={status.variant}>{status.label}</Badge>
                      <span className="w-full text-xs text-muted-foreground sm:w-auto sm:text-sm">
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
          </PhoneDisclosure>
        );
      })}
    </div>
  );
}

import type { BadgeProps } from '@aiconnected/ui';
import type { SDKContractVersionRecord } from '@aiconnected/sdk-contracts';

/** How a contract version's status reads, and its badge. */
export const CONTRACT_STATUS_LABELS: Record<
  SDKContractVersionRecord['status'],
  { label: string; variant: NonNullable<BadgeProps['variant']> }
> = {
  active: { label: 'Active', variant: 'secondary' },
  draft: { label: 'Draft', variant: 'outline' },
  deprecated: { label: 'Deprecated', variant: 'outline' },
  retired: { label: 'Retired', variant: 'destructive' },
};

/** Contract versions grouped by contract name, in the order the API lists them. */
export function groupContractVersions(
  items: readonly SDKContractVersionRecord[],
): { contract_name: string; versions: SDKContractVersionRecord[] }[] {
  const groups = new Map<string, SDKContractVersionRecord[]>();
  for (const item of items) {
    const versions = groups.get(item.contract_name) ?? [];
    versions.push(item);
    groups.set(item.contract_name, versions);
  }
  return [...groups].map(([contract_name, versions]) => ({ contract_name, versions }));
}

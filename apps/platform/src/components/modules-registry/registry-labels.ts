import type { BadgeProps } from '@aiconnected/ui';
import type { ModuleRegistryStatus } from '@aiconnected/sdk-contracts';

/** How a registry status reads, and its badge. */
export const REGISTRY_STATUS_LABELS: Record<
  ModuleRegistryStatus,
  { label: string; variant: NonNullable<BadgeProps['variant']> }
> = {
  registered: { label: 'Registered', variant: 'secondary' },
  draft: { label: 'Draft', variant: 'outline' },
  rejected: { label: 'Rejected', variant: 'destructive' },
};

/** `/modules/registry/{key}`: a module's page in the registry. */
export function registryModuleHref(moduleKey: string): string {
  return `/modules/registry/${encodeURIComponent(moduleKey)}`;
}

/** Where the manifest's JSON Schema is published (stable URL, for editors and the CLI). */
export const MANIFEST_SCHEMA_URL = '/api/sdk/schemas/module-manifest.json';

import type { TreeWorkspaceSpec } from './seed-tenant-tree';

/**
 * The workspaces most tenant trees of the tests stand on: super S; agency A with businesses
 * A1 and A2; agency B with business B1. Two tenants, so a test can aim one at the other.
 */
export const TENANT_WORKSPACES = [
  { key: 'S', type: 'super', parent: null, name: 'Platform' },
  { key: 'A', type: 'agency', parent: 'S', name: 'Northwind Agency' },
  { key: 'A1', type: 'business', parent: 'A', name: 'Northwind Dental' },
  { key: 'A2', type: 'business', parent: 'A', name: 'Northwind Bakery' },
  { key: 'B', type: 'agency', parent: 'S', name: 'Contoso Agency' },
  { key: 'B1', type: 'business', parent: 'B', name: 'Contoso Fitness' },
] as const satisfies readonly TreeWorkspaceSpec[];

/** The key of one of `TENANT_WORKSPACES`. */
export type TenantWorkspaceKey = (typeof TENANT_WORKSPACES)[number]['key'];

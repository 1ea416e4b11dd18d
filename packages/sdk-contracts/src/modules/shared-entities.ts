import { z } from 'zod';

/**
 * The shell-owned entities of PRD §11 a module may declare it reads through authorized
 * contracts (manifest `sharedEntities`). A module never reads them directly.
 */
export const SHARED_ENTITIES = [
  'users',
  'workspaces',
  'workspace_memberships',
  'roles',
  'permissions',
  'role_permissions',
  'membership_permissions',
  'themes',
  'layout_definitions',
  'layout_versions',
  'module_registry',
  'module_installations',
  'billing_accounts',
  'subscriptions',
  'events',
  'audit_logs',
  'contacts',
  'integration_connections',
  'ai_jobs',
  'workspace_domains',
  'branding_assets',
  'workspace_feature_flags',
  'navigation_profiles',
  'credential_policies',
  'sdk_contract_versions',
] as const;

export const sharedEntitySchema = z
  .enum(SHARED_ENTITIES)
  .meta({ id: 'SharedEntity', description: 'Shell-owned entity (PRD §11)' });
export type SharedEntity = z.infer<typeof sharedEntitySchema>;

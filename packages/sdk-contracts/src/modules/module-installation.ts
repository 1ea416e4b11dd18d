import { z } from 'zod';
import { jsonObjectSchema } from '../common/json';
import { moduleKeySchema } from '../common/keys';

/**
 * The lifecycle of a module in one workspace (PRD §19, §23.6): `installed` -> `enabled` <->
 * `disabled` -> `uninstalled`. Enabling needs a healthy target, entitlement and permission.
 */
export const MODULE_INSTALLATION_STATES = [
  'installed',
  'enabled',
  'disabled',
  'uninstalled',
] as const;

export const moduleInstallationStateSchema = z
  .enum(MODULE_INSTALLATION_STATES)
  .meta({ id: 'ModuleInstallationState', description: 'State of a module in one workspace' });
export type ModuleInstallationState = z.infer<typeof moduleInstallationStateSchema>;

/** A module's installation in one workspace (`module_installations`, PRD §12.2). */
export const moduleInstallationSchema = z
  .object({
    id: z.uuid(),
    workspace_id: z.uuid(),
    module_key: moduleKeySchema,
    state: moduleInstallationStateSchema,
    config: jsonObjectSchema.meta({
      description: "Installation config, valid against the manifest's configSchema",
    }),
  })
  .meta({ id: 'ModuleInstallation', description: 'A module installation in one workspace' });
export type ModuleInstallation = z.infer<typeof moduleInstallationSchema>;

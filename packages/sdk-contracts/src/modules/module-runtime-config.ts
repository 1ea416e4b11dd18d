import { z } from 'zod';
import { jsonObjectSchema } from '../common/json';
import { moduleKeySchema } from '../common/keys';
import { semverSchema } from '../common/semver';
import { routePathSchema } from './manifest-layers';
import { BRIDGE_PROTOCOL_VERSION } from './module-bridge';
import { minimumRoleSchema, permissionKeySchema } from './permission-keys';

/**
 * What the shell's module host needs to open an enabled module's UI for the caller
 * (`GET /modules/{key}/runtime`): where its iframe loads from, the installation's settings
 * (declared configSchema properties only, no `writeOnly` one at any depth: secrets stay with the shell and the
 * module's server), the bridge protocol, the permissions a UI token may carry for this caller
 * (granted to the module's UI tokens on the installation AND held by the caller), and the
 * admin page the path opens.
 */
export const moduleRuntimeConfigSchema = z
  .object({
    workspace_id: z.uuid(),
    module_key: moduleKeySchema,
    name: z.string(),
    version: semverSchema.meta({ description: 'Installed version' }),
    entry_url: z.string().meta({ description: "The manifest's frontend.entryUrl" }),
    entry_origin: z.string().meta({ description: 'Origin of entry_url (the postMessage peer)' }),
    settings: jsonObjectSchema.meta({
      description:
        "The installation's config cut to the configSchema's declared properties, without writeOnly ones at any depth",
    }),
    capabilities: z.array(z.string()).meta({ description: "The manifest's capabilities" }),
    bridge_protocol_version: z.literal(BRIDGE_PROTOCOL_VERSION),
    token_permissions: z.array(permissionKeySchema).meta({
      description: "Permissions granted to the module's UI tokens here that the caller holds",
    }),
    page: z.object({
      path: routePathSchema.meta({ description: 'The matching page as declared' }),
      title: z.string(),
      minimum_role: minimumRoleSchema,
    }),
  })
  .meta({ id: 'ModuleRuntimeConfig', description: "What the shell needs to open a module's UI" });
export type ModuleRuntimeConfig = z.infer<typeof moduleRuntimeConfigSchema>;

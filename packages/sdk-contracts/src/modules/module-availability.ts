import { z } from 'zod';
import { jsonObjectSchema } from '../common/json';
import { moduleKeySchema, timestampSchema } from '../common/keys';
import { semverSchema } from '../common/semver';
import { HTTP_METHODS } from './manifest-layers';
import { moduleInstallationStateSchema } from './module-installation';

/** The circuit breaker states of the gateway (docs/modules.md "Gateway"). */
export const MODULE_BREAKER_STATES = ['closed', 'open', 'half_open'] as const;

/**
 * The gateway's circuit breaker of a module version's target, as last recorded on a
 * transition: `open` refuses requests (`MODULE_TARGET_UNHEALTHY` 503) until `open_until`, then
 * `half_open` lets one health probe decide; `ejections` counts consecutive openings.
 */
export const moduleBreakerSchema = z
  .object({
    state: z.enum(MODULE_BREAKER_STATES),
    ejections: z.int().min(0),
    open_until: timestampSchema.nullable().meta({ description: 'Open: when it half-opens' }),
    changed_at: timestampSchema.nullable().meta({ description: 'null: never changed' }),
  })
  .meta({ id: 'ModuleBreaker', description: "The gateway's circuit breaker of a module target" });
export type ModuleBreaker = z.infer<typeof moduleBreakerSchema>;

/** The last health check of a module version's target (GET baseUrl + healthPath). */
export const moduleHealthSchema = z
  .object({
    status: z
      .enum(['healthy', 'unhealthy', 'unknown'])
      .meta({ description: '`unknown`: never checked' }),
    checked_at: timestampSchema.nullable(),
    http_status: z.int().nullable().meta({ description: 'Status the target answered; null: none' }),
    latency_ms: z.int().min(0).nullable(),
    detail: z
      .string()
      .nullable()
      .meta({ description: 'What was seen: `ok`, `http_500`, `timeout`, `connection_refused`…' }),
    breaker: moduleBreakerSchema,
  })
  .meta({ id: 'ModuleHealth', description: "A module target's last health check" });
export type ModuleHealth = z.infer<typeof moduleHealthSchema>;

/** A navigation link of an enabled module, resolved for one workspace and the caller's role. */
export const moduleNavigationEntrySchema = z
  .object({
    label: z.string(),
    path: z.string().meta({ description: '`/w/{workspace_id}/m/{module_key}{page path}`' }),
    icon: z.string().nullable(),
    order: z.int().nullable(),
  })
  .meta({ id: 'ModuleNavigationEntry', description: 'A sidebar link to an enabled module page' });
export type ModuleNavigationEntry = z.infer<typeof moduleNavigationEntrySchema>;

/** The installation state of one module in one workspace (the answer of every transition). */
export const moduleInstallationStateViewSchema = z
  .object({
    workspace_id: z.uuid(),
    module_key: moduleKeySchema,
    state: moduleInstallationStateSchema,
    version: semverSchema.meta({ description: 'Installed version' }),
    previous_version: semverSchema
      .nullable()
      .meta({ description: 'The version before the last upgrade or rollback; null: none' }),
    config: jsonObjectSchema,
    state_changed_at: timestampSchema,
    enabled_at: timestampSchema.nullable().meta({ description: 'Last time it was enabled' }),
  })
  .meta({ id: 'ModuleInstallationStateView', description: 'A module installation in a workspace' });
export type ModuleInstallationStateView = z.infer<typeof moduleInstallationStateViewSchema>;

/** A registered module as one workspace sees it (`GET /modules/available`). */
export const moduleAvailabilitySchema = z
  .object({
    module_key: moduleKeySchema,
    name: z.string(),
    description: z.string(),
    state: z
      .union([moduleInstallationStateSchema, z.literal('not_installed')])
      .meta({ description: '`not_installed`: never installed in this workspace' }),
    version: semverSchema.nullable().meta({ description: 'Installed version; null: none' }),
    previous_version: semverSchema.nullable().meta({
      description: 'The installed version before the last upgrade or rollback (rollback target)',
    }),
    current_version: semverSchema.meta({ description: "The registry's current version" }),
    upgrade_available: z.boolean(),
    paid: z.boolean(),
    config_schema: jsonObjectSchema.meta({
      description: "The current version's configSchema: what an install's config must satisfy",
    }),
    health: moduleHealthSchema.meta({ description: 'Of the installed (else current) version' }),
    token_permissions: z.array(z.string()).meta({
      description: "Permissions granted to the module's UI tokens here; [] when not installed",
    }),
    requestable_permissions: z.array(z.string()).meta({
      description:
        "The installed version's manifest permissions (what may be granted); [] when not installed",
    }),
    navigation: z
      .array(moduleNavigationEntrySchema)
      .meta({ description: "Enabled modules only: admin navigation the caller's role may see" }),
    blocked_by: z
      .object({
        code: z.enum(['BILLING_SUSPENDED', 'BILLING_REQUIRED']),
        reason: z.enum(['suspended', 'canceled', 'no_account']),
      })
      .nullable()
      .meta({
        description:
          "A paid module the workspace's billing no longer lets it use (suspended, canceled, no " +
          'account; grace still allows use): no navigation, its pages refused with `code`. null: usable',
      }),
  })
  .meta({
    id: 'ModuleAvailability',
    description: 'A registered module and its state in a workspace',
  });
export type ModuleAvailability = z.infer<typeof moduleAvailabilitySchema>;

export const moduleAvailabilityListSchema = z
  .object({ workspace_id: z.uuid(), items: z.array(moduleAvailabilitySchema) })
  .meta({ id: 'ModuleAvailabilityList', description: 'Registered modules in a workspace' });
export type ModuleAvailabilityList = z.infer<typeof moduleAvailabilityListSchema>;

const routeRefSchema = z.object({
  layer: z.enum(['admin', 'site']),
  method: z.enum(HTTP_METHODS),
  path: z.string(),
  minimum_role: z.string(),
});
const pageRefSchema = z.object({
  layer: z.enum(['admin', 'site']),
  path: z.string(),
  minimum_role: z.string().meta({ description: 'The page’s minimumRole (member when absent)' }),
});
const diffOf = <T extends z.ZodType>(item: T) =>
  z.object({ added: z.array(item), removed: z.array(item) });
/** A value that changed (`from` -> `to`); null when it did not. */
const changeOf = <T extends z.ZodType>(item: T) =>
  z.object({ from: item, to: item }).nullable().meta({ description: 'null: unchanged' });
const targetRefSchema = z.object({ base_url: z.string(), health_path: z.string() });

/**
 * What upgrading an installation changes (`GET /modules/{key}/upgrade`): permissions, events,
 * the routes and pages of both layers, shared entities, capabilities and site capabilities,
 * added and removed; whether it becomes paid; where workspace data goes (the runtime target,
 * the frontend entry URL); the configSchema. `grants_more` when anything was added (a route
 * or page whose minimum role changed is removed and added, so one opened to a lower role counts), the module becomes paid, or its target or frontend
 * moves: the upgrade then needs `consent: true`. A configSchema change alone does not grant
 * more; `config_schema.issues` lists where the current config fails the new schema, and the
 * upgrade is refused (`VALIDATION_BLOCKING` at those paths) while there are any.
 */
export const modulePermissionDiffSchema = z
  .object({
    module_key: moduleKeySchema,
    workspace_id: z.uuid(),
    from_version: semverSchema,
    to_version: semverSchema,
    permissions: diffOf(z.string()),
    events_emitted: diffOf(z.string()),
    events_consumed: diffOf(z.string()),
    api_routes: diffOf(routeRefSchema),
    pages: diffOf(pageRefSchema),
    shared_entities: diffOf(z.string()).meta({ description: 'Shell-owned data the module reads' }),
    capabilities: diffOf(z.string()),
    site_capabilities: diffOf(z.string()).meta({
      description: '`site.requiredSiteCapabilities`',
    }),
    paid: changeOf(z.boolean()),
    target: changeOf(targetRefSchema).meta({ description: 'runtime.target; null: unchanged' }),
    frontend_entry_url: changeOf(z.string().nullable()).meta({
      description: '`frontend.entryUrl` (null: none); null: unchanged',
    }),
    config_schema: z.object({
      changed: z.boolean(),
      issues: z
        .array(z.object({ path: z.string(), message: z.string() }))
        .meta({ description: 'Where the current config fails the new configSchema' }),
    }),
    grants_more: z.boolean(),
  })
  .meta({ id: 'ModulePermissionDiff', description: 'What an upgrade adds and removes' });
export type ModulePermissionDiff = z.infer<typeof modulePermissionDiffSchema>;

/** An agency's module policy for its businesses (`GET/PUT /modules/policy`). */
export const modulePolicySchema = z
  .object({
    agency_workspace_id: z.uuid(),
    businesses_may_manage: z
      .boolean()
      .meta({ description: "Whether its businesses' admins and managers manage their modules" }),
    updated_at: timestampSchema.nullable().meta({ description: 'null: never set (the default)' }),
  })
  .meta({ id: 'ModulePolicy', description: "An agency's module policy for its businesses" });
export type ModulePolicy = z.infer<typeof modulePolicySchema>;

/** The answer of `POST /modules/{key}/health-check`. */
export const moduleHealthCheckSchema = z
  .object({ module_key: moduleKeySchema, version: semverSchema, health: moduleHealthSchema })
  .meta({ id: 'ModuleHealthCheck', description: "A module target's health, checked now" });
export type ModuleHealthCheck = z.infer<typeof moduleHealthCheckSchema>;

/**
 * The sidebar's "Modules" group of one workspace for the caller (`GET /modules/navigation`):
 * each enabled module its billing lets the workspace use, with the admin navigation entries the
 * caller's role may open, by module key; modules without such an entry are left out. What the
 * app layout asks on every page (the admin list is `GET /modules/available`).
 */
export const moduleNavigationListSchema = z
  .object({
    workspace_id: z.uuid(),
    items: z.array(
      z
        .object({
          module_key: moduleKeySchema,
          name: z.string(),
          navigation: z
            .array(moduleNavigationEntrySchema)
            .meta({ description: 'By `order` (unordered last), then label' }),
        })
        .meta({ id: 'ModuleNavigationItem', description: 'An enabled module’s sidebar links' }),
    ),
  })
  .meta({
    id: 'ModuleNavigationList',
    description: 'The enabled modules’ navigation entries a caller may follow in a workspace',
  });
export type ModuleNavigationList = z.infer<typeof moduleNavigationListSchema>;

import { z } from 'zod';
import { displayText } from './display-text';
import { LOWER_KEBAB_PATTERN, moduleKeySchema } from '../common/keys';
import { semverRangeSchema, semverSchema } from '../common/semver';
import { findRepeatedEntries } from '../common/unique';
import { jsonSchemaDocumentSchema, moduleEventsSchema } from './manifest-events';
import { moduleAdminLayerSchema, moduleSiteLayerSchema } from './manifest-layers';
import type { ModuleAdminLayer } from './manifest-layers';
import { MODULE_MANIFEST_LIMITS } from './manifest-limits';
import { moduleFrontendSchema, moduleRuntimeSchema } from './manifest-runtime';
import { permissionKeySchema } from './permission-keys';
import { sharedEntitySchema } from './shared-entities';

const LIMITS = MODULE_MANIFEST_LIMITS;

/** The manifest format this shell reads; `manifestVersion` absent means this one. */
export const MANIFEST_VERSION = 1;

/** The finding codes the manifest's own cross-field rules report (zod issue `params.code`). */
type ManifestRuleCode = 'DUPLICATE_ENTRY' | 'NAVIGATION_TARGET_MISSING' | 'PERMISSION_UNDECLARED';

/**
 * Module manifest v1: the only way the shell knows a module (PRD §17, §18). It combines the
 * PRD §18 required fields, the admin and site layers of the module developer rules and the
 * runtime of the module runtime spec. Objects are strict: an unknown or misspelt field
 * rejects the import instead of being silently ignored; only `$schema` (the URL of the
 * manifest's JSON Schema, for editors) is allowed on the root and ignored by the shell. Lists
 * are bounded (`MODULE_MANIFEST_LIMITS`).
 *
 * Checked here, inside one manifest: field formats, semver, route permission suffixes,
 * duplicate routes/pages/events, navigation pointing at declared pages, route permissions
 * declared in `permissions`. Checked by module-sdk against the registry: known permission
 * keys, route collisions with other modules, engines compatibility, target health.
 */
export const moduleManifestSchema = z
  .strictObject({
    $schema: z
      .url({ protocol: /^https?$/, error: 'Must be an http(s) URL' })
      .max(LIMITS.schemaUrlLength, `Must be at most ${LIMITS.schemaUrlLength} characters`)
      .optional()
      .meta({
        description:
          "URL of this document's JSON Schema, for editors, e.g. https://<platform>/api/sdk/schemas/module-manifest.json; ignored by the shell",
      }),
    manifestVersion: z.literal(MANIFEST_VERSION).optional().meta({
      description: 'Version of the manifest format; absent means 1',
    }),
    id: moduleKeySchema,
    name: displayText(1, 100),
    version: semverSchema,
    description: displayText(1, 1000),
    engines: z.strictObject({
      shell: semverRangeSchema.meta({
        description: 'Range of shell SDK contract versions the module works with, e.g. ^1.0.0',
      }),
    }),
    permissions: z
      .array(permissionKeySchema)
      .max(LIMITS.permissions, `Must hold at most ${LIMITS.permissions} permissions`)
      .meta({ description: 'Permission keys the module requires or defines' }),
    capabilities: z
      .array(z.string().regex(LOWER_KEBAB_PATTERN, 'Must be a lower-kebab capability key'))
      .max(LIMITS.capabilities, `Must hold at most ${LIMITS.capabilities} capabilities`)
      .meta({ description: 'Capabilities the module uses, e.g. notifications, storage' }),
    sharedEntities: z
      .array(sharedEntitySchema)
      .max(LIMITS.sharedEntities, `Must hold at most ${LIMITS.sharedEntities} entities`)
      .meta({ description: 'Shell-owned entities the module reads through contracts' }),
    admin: moduleAdminLayerSchema,
    site: moduleSiteLayerSchema,
    events: moduleEventsSchema,
    configSchema: jsonSchemaDocumentSchema.meta({
      description: 'JSON Schema of the per-workspace installation config',
    }),
    runtime: moduleRuntimeSchema,
    frontend: moduleFrontendSchema.optional(),
    paid: z
      .boolean()
      .optional()
      .meta({ description: 'Paid modules need a billing entitlement to be enabled (PRD §23.2)' }),
  })
  .superRefine((manifest, ctx) => {
    const report = (path: PropertyKey[], message: string, code: ManifestRuleCode) =>
      ctx.addIssue({ code: 'custom', path, message, params: { code } });

    for (const field of ['permissions', 'capabilities', 'sharedEntities'] as const) {
      for (const { value, index } of findRepeatedEntries(manifest[field])) {
        report([field, index], `Duplicate entry ${value}`, 'DUPLICATE_ENTRY');
      }
    }

    for (const layer of ['admin', 'site'] as const) {
      checkLayer(manifest[layer], manifest.permissions, (path, message, code) =>
        report([layer, ...path], message, code),
      );
    }
    for (const { value, index } of findRepeatedEntries(manifest.site.requiredSiteCapabilities)) {
      report(
        ['site', 'requiredSiteCapabilities', index],
        `Duplicate entry ${value}`,
        'DUPLICATE_ENTRY',
      );
    }

    for (const direction of ['emits', 'consumes'] as const) {
      const names = manifest.events[direction].map((event) => event.name);
      for (const { value: name, index } of findRepeatedEntries(names)) {
        report(['events', direction, index], `Event ${name} is declared twice`, 'DUPLICATE_ENTRY');
      }
    }
  })
  .meta({ id: 'ModuleManifest', description: 'Module manifest v1 (PRD §18)' });
export type ModuleManifest = z.infer<typeof moduleManifestSchema>;

/** Checks one layer: unique pages and routes, links to declared pages, declared permissions. */
function checkLayer(
  layer: ModuleAdminLayer,
  declaredPermissions: readonly string[],
  report: (path: PropertyKey[], message: string, code: ManifestRuleCode) => void,
): void {
  const pagePaths = layer.pages.map((page) => page.path);
  for (const { value: path, index } of findRepeatedEntries(pagePaths)) {
    report(['pages', index], `Page ${path} is declared twice`, 'DUPLICATE_ENTRY');
  }

  const routeKeys = layer.apiRoutes.map((route) => `${route.method} ${route.path}`);
  for (const { value: route, index } of findRepeatedEntries(routeKeys)) {
    report(['apiRoutes', index], `API route ${route} is declared twice`, 'DUPLICATE_ENTRY');
  }

  // Sets: lookups stay linear in the manifest's size.
  const pages = new Set(pagePaths);
  const permissions = new Set(declaredPermissions);
  layer.navigation.forEach((item, index) => {
    if (!pages.has(item.path)) {
      report(
        ['navigation', index, 'path'],
        `Navigation links to ${item.path}, which is no page of this layer`,
        'NAVIGATION_TARGET_MISSING',
      );
    }
  });

  layer.apiRoutes.forEach((route, index) => {
    route.permissions?.forEach((permission, permissionIndex) => {
      if (!permissions.has(permission)) {
        report(
          ['apiRoutes', index, 'permissions', permissionIndex],
          `Permission ${permission} is not declared in the manifest's permissions`,
          'PERMISSION_UNDECLARED',
        );
      }
    });
  });
}

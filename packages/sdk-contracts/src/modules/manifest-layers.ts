import { z } from 'zod';
import { displayText } from './display-text';
import { LOWER_KEBAB_PATTERN } from '../common/keys';
import { MODULE_MANIFEST_LIMITS } from './manifest-limits';
import { minimumRoleSchema, routePermissionSchema } from './permission-keys';
import { moduleSiteThemeCapabilitySchema } from './site-theme-capabilities';

// `/`, `/contacts`, `/contacts/:contactId/notes`: literal segments (never `.` or `..`) or
// `:params`. Paths are relative to where the shell mounts the layer, so they cannot escape it.
const SEGMENT = '(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*|:[A-Za-z][A-Za-z0-9_]*)';
const ROUTE_PATH_PATTERN = new RegExp(`^/(?:${SEGMENT}(?:/${SEGMENT})*)?$`);

/** A path inside a module layer, relative to the layer's mount point. */
export const routePathSchema = z
  .string()
  .max(256)
  .regex(ROUTE_PATH_PATTERN, 'Must start with / and hold only literal or :param segments')
  .meta({ description: 'Path relative to the layer mount point, e.g. /contacts/:contactId' });

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** A page of a layer, rendered by the shell's module host. */
export const modulePageSchema = z
  .strictObject({
    path: routePathSchema,
    title: displayText(1, 80),
    minimumRole: minimumRoleSchema.optional(),
  })
  .meta({ id: 'ModulePage', description: 'A module page of the admin or site layer' });

/**
 * An API route of a layer. `minimumRole` is required on every route (module developer
 * rules): it is what the gateway enforces; `permissions` document intent and must use
 * known suffixes.
 */
export const moduleApiRouteSchema = z
  .strictObject({
    method: z.enum(HTTP_METHODS),
    path: routePathSchema,
    minimumRole: minimumRoleSchema,
    permissions: z
      .array(routePermissionSchema)
      .max(
        MODULE_MANIFEST_LIMITS.permissionsPerRoute,
        `Must hold at most ${MODULE_MANIFEST_LIMITS.permissionsPerRoute} permissions`,
      )
      .optional(),
    description: displayText(0, 300).optional(),
  })
  .meta({ id: 'ModuleApiRoute', description: 'A module API route; minimumRole is required' });

/** A navigation link of a layer; its `path` must be one of the layer's pages. */
export const moduleNavigationItemSchema = z
  .strictObject({
    label: displayText(1, 60),
    path: routePathSchema,
    icon: z
      .string()
      .regex(LOWER_KEBAB_PATTERN, 'Must be a lower-kebab icon name, e.g. contact-round')
      .optional(),
    order: z.int().min(0).max(1000).optional(),
  })
  .meta({ id: 'ModuleNavigationItem', description: 'A navigation link to a module page' });

const { pagesPerLayer, apiRoutesPerLayer, navigationPerLayer } = MODULE_MANIFEST_LIMITS;
const layerShape = {
  pages: z.array(modulePageSchema).max(pagesPerLayer, `Must hold at most ${pagesPerLayer} pages`),
  apiRoutes: z
    .array(moduleApiRouteSchema)
    .max(apiRoutesPerLayer, `Must hold at most ${apiRoutesPerLayer} API routes`),
  navigation: z
    .array(moduleNavigationItemSchema)
    .max(navigationPerLayer, `Must hold at most ${navigationPerLayer} navigation items`),
};

/** The back-office layer: pages and APIs for workspace admins, links in the shell sidebar. */
export const moduleAdminLayerSchema = z
  .strictObject(layerShape)
  .meta({ id: 'ModuleAdminLayer', description: 'Back-office layer: sidebar links, pages, APIs' });

/** The end-user site layer, plus the site theme capabilities it relies on. */
export const moduleSiteLayerSchema = z
  .strictObject({
    ...layerShape,
    requiredSiteCapabilities: z
      .array(moduleSiteThemeCapabilitySchema)
      .max(
        MODULE_MANIFEST_LIMITS.requiredSiteCapabilities,
        `Must hold at most ${MODULE_MANIFEST_LIMITS.requiredSiteCapabilities} capabilities`,
      )
      .meta({ description: 'Site theme capabilities the module needs, e.g. site-section' }),
  })
  .meta({ id: 'ModuleSiteLayer', description: 'End-user site layer: header links, pages, APIs' });

export type ModulePage = z.infer<typeof modulePageSchema>;
export type ModuleApiRoute = z.infer<typeof moduleApiRouteSchema>;
export type ModuleNavigationItem = z.infer<typeof moduleNavigationItemSchema>;
export type ModuleAdminLayer = z.infer<typeof moduleAdminLayerSchema>;
export type ModuleSiteLayer = z.infer<typeof moduleSiteLayerSchema>;

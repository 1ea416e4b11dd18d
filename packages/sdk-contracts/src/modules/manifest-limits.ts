/**
 * The most entries each list of a module manifest may hold (and the longest `$schema` URL).
 * A larger list is refused (`FIELD_INVALID`), so a huge manifest cannot make the assessment,
 * the registry or the navigation slow; the bounds sit far above what a real module declares.
 * They are part of the manifest's JSON Schema (`maxItems`, `maxLength`).
 */
export const MODULE_MANIFEST_LIMITS = {
  /** `admin.pages`, `site.pages`: each layer. */
  pagesPerLayer: 100,
  /** `admin.apiRoutes`, `site.apiRoutes`: each layer. */
  apiRoutesPerLayer: 100,
  /** `admin.navigation`, `site.navigation`: each layer. */
  navigationPerLayer: 100,
  /** `permissions` of one API route. */
  permissionsPerRoute: 20,
  permissions: 200,
  capabilities: 50,
  sharedEntities: 50,
  requiredSiteCapabilities: 20,
  /** `events.emits`, `events.consumes`: each. */
  eventsPerDirection: 100,
  /** The manifest root's optional `$schema` (a URL, for editors). */
  schemaUrlLength: 2048,
} as const;

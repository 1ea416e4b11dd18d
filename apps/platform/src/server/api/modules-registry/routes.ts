import { createRoute, z } from '@hono/zod-openapi';
import {
  importModule,
  listRegistry,
  promoteDraft,
  readRegistryModule,
  rejectDraft,
  rollbackRegistry,
} from '@aiconnected/modules';
import {
  MODULE_REGISTRY_STATUSES,
  moduleImportResultSchema,
  moduleKeySchema,
  moduleRegistryListSchema,
  moduleRegistryModuleSchema,
  moduleRegistryRecordSchema,
  moduleRegistryRollbackResultSchema,
  safeText,
  semverSchema,
} from '@aiconnected/sdk-contracts';
import type { FeatureApp } from '../context';
import { declareAccess } from '../http/access';
import { createRouter } from '../http/create-router';
import { errorResponses, GUARD_ERRORS } from '../http/error-responses';
import { jsonBody, jsonResponse } from '../http/json-schemas';
import { pageQuery } from '../http/page-query';
import { shellOrigins } from '../modules/module-entry-rules';

// modules.install in the active workspace (guard), which must be the platform's (domain).
const REGISTRY_ACCESS = declareAccess({
  kind: 'capability',
  requires: [
    { capabilities: ['modules.install'], scope: 'active-workspace', checked_by: 'guard' },
    {
      capabilities: ['modules.install'],
      scope: 'active-workspace',
      when: 'the active workspace is the platform (super) workspace',
      checked_by: 'domain',
    },
  ],
  note: 'The registry is the platform’s: super admins and managers, acting in the super workspace.',
});
const REGISTRY_ERRORS = [...GUARD_ERRORS, 'PERMISSION_DENIED', 'VALIDATION_BLOCKING'] as const;

const keyParams = z.object({ key: moduleKeySchema });
const versionParams = z.object({ key: moduleKeySchema, version: semverSchema });

/** What a malformed import body is told: neither, both, or not an object at all. */
const SEND_ONE_SOURCE =
  'Send either `manifest` (the manifest JSON) or `package_uri` (its http(s) URL, at most 2048 characters), not both.';

const importBody = z.union(
  [
    z.strictObject({
      manifest: z
        .unknown()
        .refine((value) => value !== undefined, SEND_ONE_SOURCE)
        .meta({ description: 'The manifest (JSON); anything else is reported by the assessment' }),
      draft: z.boolean().optional(),
    }),
    z.strictObject({
      package_uri: z
        .string()
        .min(1)
        .max(2048)
        .meta({
          description:
            'http(s) URL of the manifest JSON: fetched within 5 s, at most 256 KiB, at most 3 redirects; ' +
            'outside local mode only from public addresses',
        }),
      draft: z.boolean().optional(),
    }),
  ],
  { error: SEND_ONE_SOURCE },
);

function importRoute() {
  return createRoute({
    method: 'post',
    path: '/modules/import',
    operationId: 'importModule',
    ...REGISTRY_ACCESS,
    tags: ['modules'],
    summary: 'Import a module manifest into the registry',
    description:
      'Assesses the manifest (inline, or fetched from `package_uri`) against the registry. Blocking findings: ' +
      '`MANIFEST_INVALID` or `MANIFEST_INCOMPATIBLE` (when every blocking finding is an incompatibility) with the ' +
      'whole report in `details.assessment`, and the registry unchanged; a `package_uri` that gives no manifest ' +
      'is reported the same way (`PACKAGE_URI_UNREACHABLE`, `_FORBIDDEN`, `_TOO_LARGE`, `_NOT_JSON`). Clean: ' +
      '201 with the report and the new row, `registered` (and the module’s current version) or `draft` with ' +
      '`draft: true`. The same key, version and manifest again: 200 with the row already there (finding ' +
      '`VERSION_ALREADY_REGISTERED`). Audited as `module.import`.',
    request: { body: jsonBody(importBody) },
    responses: {
      201: jsonResponse(moduleImportResultSchema, 'Imported'),
      200: jsonResponse(moduleImportResultSchema, 'Already in the registry with this manifest'),
      ...errorResponses([...REGISTRY_ERRORS, 'MANIFEST_INVALID', 'MANIFEST_INCOMPATIBLE']),
    },
  });
}

function listRoute() {
  return createRoute({
    method: 'get',
    path: '/modules/registry',
    operationId: 'listModuleRegistry',
    ...REGISTRY_ACCESS,
    tags: ['modules'],
    summary: 'Registry versions',
    description:
      'Every version in the registry (by module key, then oldest first), each without its manifest, with ' +
      'its status, whether it is current and its findings counted; `status=draft` is the review queue. ' +
      'Keyset-paginated.',
    request: {
      query: z.object({
        status: z.enum(MODULE_REGISTRY_STATUSES).optional(),
        module_key: moduleKeySchema.optional(),
        ...pageQuery,
      }),
    },
    responses: {
      200: jsonResponse(moduleRegistryListSchema, 'A page of registry versions'),
      ...errorResponses(REGISTRY_ERRORS),
    },
  });
}

function readRoute() {
  return createRoute({
    method: 'get',
    path: '/modules/registry/{key}',
    operationId: 'getModuleRegistryModule',
    ...REGISTRY_ACCESS,
    tags: ['modules'],
    summary: 'One module’s versions',
    description:
      'Every version of the module, highest semver first, with manifests and reports, and its current ' +
      'version. `MODULE_NOT_REGISTERED` when the registry holds none.',
    request: { params: keyParams },
    responses: {
      200: jsonResponse(moduleRegistryModuleSchema, 'The module'),
      ...errorResponses([...REGISTRY_ERRORS, 'MODULE_NOT_REGISTERED']),
    },
  });
}

function promoteRoute() {
  return createRoute({
    method: 'post',
    path: '/modules/registry/{key}/versions/{version}/promote',
    operationId: 'promoteModuleDraft',
    ...REGISTRY_ACCESS,
    tags: ['modules'],
    summary: 'Promote a draft',
    description:
      'Assesses the draft again against the registry as it is now; blocking findings refuse it like an ' +
      'import (`details.assessment`, nothing changed). Promoted, it is `registered` and the module’s current ' +
      'version. `CONFLICT` (details `status`, `action`) for a version that is no draft. Audited as ' +
      '`module.promote`.',
    request: { params: versionParams },
    responses: {
      200: jsonResponse(moduleImportResultSchema, 'Promoted'),
      ...errorResponses([
        ...REGISTRY_ERRORS,
        'MODULE_NOT_REGISTERED',
        'CONFLICT',
        'MANIFEST_INVALID',
        'MANIFEST_INCOMPATIBLE',
      ]),
    },
  });
}

function rejectRoute() {
  return createRoute({
    method: 'post',
    path: '/modules/registry/{key}/versions/{version}/reject',
    operationId: 'rejectModuleDraft',
    ...REGISTRY_ACCESS,
    tags: ['modules'],
    summary: 'Reject a draft',
    description:
      'Marks the draft `rejected` with the reason; its key and version are never reused (an import of them ' +
      'is `MANIFEST_INCOMPATIBLE`, `VERSION_CONFLICT`). `CONFLICT` for a version that is no draft. Audited as ' +
      '`module.reject`.',
    request: {
      params: versionParams,
      body: jsonBody(z.strictObject({ reason: safeText(1000).min(1) })),
    },
    responses: {
      200: jsonResponse(moduleRegistryRecordSchema, 'Rejected'),
      ...errorResponses([...REGISTRY_ERRORS, 'MODULE_NOT_REGISTERED', 'CONFLICT']),
    },
  });
}

function rollbackRoute() {
  return createRoute({
    method: 'post',
    path: '/modules/registry/{key}/rollback',
    operationId: 'rollbackModuleRegistry',
    ...REGISTRY_ACCESS,
    tags: ['modules'],
    summary: 'Roll the current version back',
    description:
      'Moves the module’s current version to the next lower registered release (semver precedence; ' +
      'prereleases such as 2.0.0-rc.1 are skipped, as on import and promotion); new ' +
      'installs use it, existing installations keep theirs. `CONFLICT` (details `reason` `no_lower_version`) ' +
      'when no registered release is lower. Audited as `module.rollback`.',
    request: { params: keyParams },
    responses: {
      200: jsonResponse(moduleRegistryRollbackResultSchema, 'Rolled back'),
      ...errorResponses([...REGISTRY_ERRORS, 'MODULE_NOT_REGISTERED', 'CONFLICT']),
    },
  });
}

/**
 * The module registry endpoints (PRD §19, §20.3; docs/modules.md "Registry"). Mounted before
 * `/modules/{key}/...`: `registry` and `import` are reserved ids, never module keys.
 */
export function moduleRegistryRoutes(): FeatureApp {
  const app = createRouter();

  app.openapi(importRoute(), async (c) => {
    const body = c.req.valid('json');
    const { config } = c.var.deps;
    const source =
      'package_uri' in body ? { package_uri: body.package_uri } : { manifest: body.manifest };
    const { result, created } = await importModule(c.var.deps.db, c.var.context, {
      ...source,
      draft: body.draft,
      fetch: { allowPrivate: config.isLocal },
      shellOrigins: shellOrigins(config),
      correlationId: c.var.correlationId,
    });
    return created ? c.json(result, 201) : c.json(result, 200);
  });

  app.openapi(listRoute(), async (c) => {
    const { status, module_key: moduleKey, cursor, limit } = c.req.valid('query');
    const page = await listRegistry(c.var.deps.db, c.var.context, {
      status,
      moduleKey,
      cursor,
      limit,
    });
    return c.json(page, 200);
  });

  app.openapi(readRoute(), async (c) => {
    const { key } = c.req.valid('param');
    return c.json(await readRegistryModule(c.var.deps.db, c.var.context, key), 200);
  });

  app.openapi(promoteRoute(), async (c) => {
    const { key, version } = c.req.valid('param');
    const result = await promoteDraft(c.var.deps.db, c.var.context, {
      moduleKey: key,
      version,
      shellOrigins: shellOrigins(c.var.deps.config),
      correlationId: c.var.correlationId,
    });
    return c.json(result, 200);
  });

  app.openapi(rejectRoute(), async (c) => {
    const { key, version } = c.req.valid('param');
    const { reason } = c.req.valid('json');
    const record = await rejectDraft(c.var.deps.db, c.var.context, {
      moduleKey: key,
      version,
      reason,
      correlationId: c.var.correlationId,
    });
    return c.json(record, 200);
  });

  app.openapi(rollbackRoute(), async (c) => {
    const { key } = c.req.valid('param');
    const result = await rollbackRegistry(c.var.deps.db, c.var.context, {
      moduleKey: key,
      correlationId: c.var.correlationId,
    });
    return c.json(result, 200);
  });

  return app;
}

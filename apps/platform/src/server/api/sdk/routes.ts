import { createRoute, z } from '@hono/zod-openapi';
import { isShellVersionCompatible, manifestJsonSchema } from '@aiconnected/module-sdk';
import { listContractVersions, publishContractVersion } from '@aiconnected/modules';
import {
  LOWER_KEBAB_PATTERN,
  SDK_CONTRACT_STATUSES,
  SHELL_SDK_CONTRACT_VERSION,
  jsonObjectSchema,
  type JsonObject,
  sdkCompatibilitySchema,
  sdkContractVersionListSchema,
  sdkContractVersionRecordSchema,
  semverRangeSchema,
  semverSchema,
} from '@aiconnected/sdk-contracts';
import type { FeatureApp } from '../context';
import { declareAccess } from '../http/access';
import { correlationHeaders } from '../http/correlation-header';
import { createRouter } from '../http/create-router';
import { errorResponses, GUARD_ERRORS } from '../http/error-responses';
import { jsonBody, jsonResponse } from '../http/json-schemas';
import { sentJson } from '../http/sent-json';

const contractName = z
  .string()
  .max(64)
  .regex(LOWER_KEBAB_PATTERN, 'Must be a lower-kebab contract name such as module-manifest');

/** The manifest's JSON Schema, built once: it changes only with the code. */
let manifestSchema: Record<string, unknown> | undefined;

function listRoute() {
  return createRoute({
    method: 'get',
    path: '/sdk/contracts',
    operationId: 'listSdkContracts',
    ...declareAccess({
      kind: 'in-scope',
      note:
        'Any signed-in user reads the published versions (the contracts are public to modules); draft ' +
        'versions only super with settings.manage in the platform workspace.',
    }),
    tags: ['sdk'],
    summary: 'Published SDK contract versions',
    description:
      'The versioned public contracts of the shell (module manifest, event envelope, gateway headers, error ' +
      'envelope…) with their JSON Schemas, by contract name, highest version first: `active`, `deprecated` ' +
      'and `retired` versions; `draft` ones (not yet published) only for a caller holding `settings.manage` ' +
      'in the platform workspace, left out for anyone else (`status=draft` then lists nothing).',
    request: {
      query: z.object({
        contract_name: contractName.optional(),
        status: z.enum(SDK_CONTRACT_STATUSES).optional(),
      }),
    },
    responses: {
      200: jsonResponse(sdkContractVersionListSchema, 'The versions'),
      ...errorResponses([...GUARD_ERRORS, 'VALIDATION_BLOCKING']),
    },
  });
}

function publishRoute() {
  return createRoute({
    method: 'post',
    path: '/sdk/contracts',
    operationId: 'publishSdkContract',
    ...declareAccess({
      kind: 'capability',
      requires: [
        { capabilities: ['settings.manage'], scope: 'active-workspace', checked_by: 'guard' },
        {
          capabilities: ['settings.manage'],
          scope: 'active-workspace',
          when: 'the active workspace is the platform (super) workspace',
          checked_by: 'domain',
        },
      ],
      note: 'Super admins only (PRD §25.3: SDK publication).',
    }),
    tags: ['sdk'],
    summary: 'Publish an SDK contract version',
    description:
      'A new version of a contract: `semver` above the contract’s highest (`CONFLICT`, details `reason` ' +
      '`not_above_highest`), `schema_json` a JSON Schema that compiles (draft 2020-12; else ' +
      '`VALIDATION_BLOCKING`), and a change that breaks the previous highest version’s schema needs a major ' +
      'bump, checked (`SDK_CONTRACT_INCOMPATIBLE` with `details.changes`). Published versions never change. ' +
      'Audited as `sdk_contract.publish`.',
    request: {
      body: jsonBody(
        z.strictObject({
          contract_name: contractName,
          semver: semverSchema,
          status: z.enum(['draft', 'active']).default('active'),
          schema_json: jsonObjectSchema,
        }),
      ),
    },
    responses: {
      201: jsonResponse(sdkContractVersionRecordSchema, 'Published'),
      ...errorResponses([
        ...GUARD_ERRORS,
        'PERMISSION_DENIED',
        'VALIDATION_BLOCKING',
        'CONFLICT',
        'SDK_CONTRACT_INCOMPATIBLE',
      ]),
    },
  });
}

function compatibilityRoute() {
  return createRoute({
    method: 'get',
    path: '/sdk/compatibility',
    operationId: 'checkSdkCompatibility',
    ...declareAccess({ kind: 'in-scope' }),
    tags: ['sdk'],
    summary: 'Does a range admit this shell?',
    description:
      'Whether a module’s `engines.shell` range includes the shell’s SDK contract version (npm semver, ' +
      'prereleases only when the range names one).',
    request: { query: z.object({ range: semverRangeSchema }) },
    responses: {
      200: jsonResponse(sdkCompatibilitySchema, 'The answer'),
      ...errorResponses([...GUARD_ERRORS, 'VALIDATION_BLOCKING']),
    },
  });
}

function manifestSchemaRoute() {
  return createRoute({
    method: 'get',
    path: '/sdk/schemas/module-manifest.json',
    operationId: 'getModuleManifestJsonSchema',
    ...declareAccess({
      kind: 'public',
      note: 'For module authors’ editors and CI: the schema is public, as the manifest format is.',
    }),
    tags: ['sdk'],
    summary: 'The module manifest’s JSON Schema',
    description:
      'The JSON Schema (draft 2020-12) of the current manifest format, at a stable URL: point `$schema` of ' +
      'a manifest at it for editor validation. Cross-field rules (duplicates, permissions, registry) are ' +
      'checked by the assessment only. Cacheable for 5 minutes.',
    responses: {
      200: {
        description: 'The schema',
        headers: correlationHeaders,
        content: { 'application/schema+json': { schema: z.object({}).passthrough() } },
      },
    },
  });
}

/** The SDK contract endpoints (PRD §41, §20.3; docs/modules.md "SDK contracts"). */
export function sdkRoutes(): FeatureApp {
  const app = createRouter();

  app.openapi(listRoute(), async (c) => {
    const filter = c.req.valid('query');
    return c.json(await listContractVersions(c.var.deps.db, c.var.context, filter), 200);
  });

  app.openapi(publishRoute(), async (c) => {
    const body = c.req.valid('json');
    // The JSON Schema as sent (`__proto__` keys kept), validated with the body (sent-json.ts).
    const { schema_json: schemaJson } = (await sentJson(c)) as { schema_json: JsonObject };
    const record = await publishContractVersion(c.var.deps.db, c.var.context, {
      ...body,
      schema_json: schemaJson,
      correlationId: c.var.correlationId,
    });
    return c.json(record, 201);
  });

  app.openapi(compatibilityRoute(), (c) => {
    const { range } = c.req.valid('query');
    return c.json(
      {
        range,
        shell_version: SHELL_SDK_CONTRACT_VERSION,
        compatible: isShellVersionCompatible(range),
      },
      200,
    );
  });

  app.openapi(manifestSchemaRoute(), (c) => {
    manifestSchema ??= manifestJsonSchema();
    return c.json(manifestSchema as Record<string, never>, 200, {
      'content-type': 'application/schema+json',
      'cache-control': 'public, max-age=300',
    });
  });

  return app;
}

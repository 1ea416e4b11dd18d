import { createRoute, z } from '@hono/zod-openapi';
import { installModuleWithCredentials } from '@aiconnected/events';
import {
  checkModuleHealth,
  disableModule,
  enableModule,
  listAvailableModules,
  type ModuleTargetRules,
  previewUpgrade,
  readModulePolicy,
  rollbackInstallation,
  uninstallModule,
  updateModulePolicy,
  upgradeInstallation,
} from '@aiconnected/modules';
import {
  issuedCredentialsSchema,
  jsonObjectSchema,
  type JsonObject,
  moduleAvailabilityListSchema,
  moduleHealthCheckSchema,
  moduleInstallationStateViewSchema,
  moduleKeySchema,
  modulePermissionDiffSchema,
  modulePolicySchema,
  semverSchema,
  ShellError,
  type ErrorCode,
} from '@aiconnected/sdk-contracts';
import type { Capability } from '@aiconnected/permissions';
import type { ApiDeps, FeatureApp } from '../context';
import { MODULE_HEALTH_CHECKS_PER_10_MINUTES } from '../guard/rate-limits';
import { declareAccess } from '../http/access';
import { createRouter } from '../http/create-router';
import { errorResponses, GUARD_ERRORS } from '../http/error-responses';
import { jsonBody, jsonResponse } from '../http/json-schemas';
import { sentJson } from '../http/sent-json';

const keyParams = z.object({
  key: moduleKeySchema.meta({ description: 'The module key (its manifest id)' }),
});
const workspaceBody = z.object({ workspace_id: z.uuid() });
const workspaceQuery = z.object({ workspace_id: z.uuid() });

const POLICY_NOTE =
  'The target is the workspace named in the request: the caller’s own, a business its agency admin or ' +
  'manager role governs, or any (super). A business’s own admins and managers only while its agency’s ' +
  'module policy lets businesses manage their modules (`PERMISSION_DENIED`, `details.reason: "agency_policy"`).';

/**
 * The address rules of a module target's health check (enable, upgrade, rollback, health
 * check): from the platform's configuration only; outside local mode link-local and cloud
 * metadata addresses are refused (`targetAddressRefusal`).
 */
/**
 * The target rules of enable, upgrade, rollback and the health check: local mode's addresses,
 * and one point of the caller's probe budget for module `key` (`moduleHealthCheckLimiter`, per
 * person and module, `RATE_LIMITED` with `Retry-After` past it) spent just before the module's
 * target is asked, and only then (not for an upgrade or rollback of an installation that is not
 * enabled, nor for a refused enable): no loop of them (enable, disable, enable...) makes the
 * shell hammer a target (probe A-5), and a refusal changes nothing.
 */
function probeRules(deps: ApiDeps, userId: string, key: string): ModuleTargetRules {
  return {
    allowAnyAddress: deps.config.isLocal,
    beforeProbe: async () => {
      await deps.moduleHealthCheckLimiter.consume(`user:${userId}:module:${key}`);
    },
  };
}

/** `capability` in the active workspace (guard) and in the target workspace (domain, with the policy). */
export function moduleAccess(capability: Capability) {
  return declareAccess({
    kind: 'capability',
    requires: [
      { capabilities: [capability], scope: 'active-workspace', checked_by: 'guard' },
      { capabilities: [capability], scope: 'target-workspace', checked_by: 'domain' },
    ],
    note: POLICY_NOTE,
  });
}

const TRANSITION_ERRORS = [
  ...GUARD_ERRORS,
  'PERMISSION_DENIED',
  'WORKSPACE_FORBIDDEN',
  'MODULE_NOT_REGISTERED',
  'CONFLICT',
  'VALIDATION_BLOCKING',
] as const satisfies readonly ErrorCode[];

/** Enable, and upgrade or rollback of an enabled installation: the enable gates' refusals too. */
const GATED_TRANSITION_ERRORS = [
  ...TRANSITION_ERRORS,
  'BILLING_REQUIRED',
  'BILLING_SUSPENDED',
  'MODULE_TARGET_UNHEALTHY',
  'RATE_LIMITED',
] as const satisfies readonly ErrorCode[];

/** Said by each route that may ask a module's target (`probeRules`). */
const PROBE_BUDGET_NOTE =
  ` \`RATE_LIMITED\` (with \`Retry-After\`) past ${MODULE_HEALTH_CHECKS_PER_10_MINUTES} requests per person and ` +
  'module in 10 minutes that ask its target (health-check, enable, upgrade, rollback: one budget), ' +
  'counted just before the target would be asked: a request that asks nothing spends nothing, ' +
  'and a refused one asks nothing and changes nothing.';

function installRoute() {
  return createRoute({
    method: 'post',
    path: '/modules/{key}/install',
    operationId: 'installModule',
    ...moduleAccess('modules.install'),
    tags: ['modules'],
    summary: 'Install a module in a workspace',
    description:
      'Installs the module’s current registered version in the workspace with `config` (default `{}`), ' +
      'validated against the manifest’s `configSchema` (`VALIDATION_BLOCKING` with `body.config.<key>...` paths). ' +
      'From no installation or `uninstalled` only (else `CONFLICT` with `details: { from, action }`). ' +
      'Installed is not enabled. Audited as `module.install` (the config’s keys, not its values). Once ' +
      'installed, the installation’s credentials are issued (`credentials`: an API key and a webhook secret, ' +
      'shown this once; a re-install revokes the previous installation’s at once), audited as ' +
      '`module.credentials_issue`; `POST /modules/{key}/credentials` rotates them.',
    request: {
      params: keyParams,
      body: jsonBody(
        workspaceBody.extend({
          config: jsonObjectSchema.optional().meta({ description: 'Installation config' }),
        }),
      ),
    },
    responses: {
      200: jsonResponse(
        moduleInstallationStateViewSchema.extend({ credentials: issuedCredentialsSchema }).meta({
          id: 'InstalledModule',
          description: 'The installation and its first credentials',
        }),
        'Installed',
      ),
      ...errorResponses(TRANSITION_ERRORS),
    },
  });
}

function enableRoute() {
  return createRoute({
    method: 'post',
    path: '/modules/{key}/enable',
    operationId: 'enableModule',
    ...moduleAccess('modules.enable'),
    tags: ['modules'],
    summary: 'Enable a module in a workspace',
    description:
      'From `installed` or `disabled` (else `CONFLICT`). A paid module needs the workspace’s billing ' +
      'entitlement (its own account, else its agency’s): `grace` and `suspended` are `BILLING_SUSPENDED`, ' +
      '`canceled` or no account `BILLING_REQUIRED` (`details.state`, `details.reason`). Then the target must ' +
      'answer `GET baseUrl + healthPath` with 2xx within its `timeoutMs` (3000 ms by default), else ' +
      '`MODULE_TARGET_UNHEALTHY` with `details: { status, http_status, detail }`; the check is recorded ' +
      'either way. Outside local mode a target whose host is or resolves to a link-local or cloud metadata ' +
      'address is not asked (`detail: "address not allowed (link-local)"`). The module’s admin navigation appears in `GET /modules/available`. Audited as `module.enable`.' +
      PROBE_BUDGET_NOTE,
    request: { params: keyParams, body: jsonBody(workspaceBody) },
    responses: {
      200: jsonResponse(moduleInstallationStateViewSchema, 'Enabled'),
      ...errorResponses(GATED_TRANSITION_ERRORS),
    },
  });
}

function disableRoute() {
  return createRoute({
    method: 'post',
    path: '/modules/{key}/disable',
    operationId: 'disableModule',
    ...moduleAccess('modules.disable'),
    tags: ['modules'],
    summary: 'Disable a module in a workspace',
    description:
      'From `enabled` only (else `CONFLICT`): its navigation and pages stop at once. Audited as `module.disable`.',
    request: { params: keyParams, body: jsonBody(workspaceBody) },
    responses: {
      200: jsonResponse(moduleInstallationStateViewSchema, 'Disabled'),
      ...errorResponses(TRANSITION_ERRORS),
    },
  });
}

function uninstallRoute() {
  return createRoute({
    method: 'delete',
    path: '/modules/{key}/uninstall',
    operationId: 'uninstallModule',
    ...moduleAccess('modules.install'),
    tags: ['modules'],
    summary: 'Uninstall a module from a workspace',
    description:
      'From `installed` or `disabled` (an enabled module is disabled first: `CONFLICT` with ' +
      '`details: { from: "enabled", action: "uninstall" }`). The installation stays, `uninstalled`, with its ' +
      'config. Audited as `module.uninstall`. The workspace is named by `workspace_id` in the JSON body ' +
      '(PRD §20.3) or in the query; naming none, or two different ones, is `VALIDATION_BLOCKING`.',
    request: {
      params: keyParams,
      query: workspaceQuery.partial(),
      body: { ...jsonBody(workspaceBody), required: false },
    },
    responses: {
      200: jsonResponse(moduleInstallationStateViewSchema, 'Uninstalled'),
      ...errorResponses(TRANSITION_ERRORS),
    },
  });
}

function availableRoute() {
  return createRoute({
    method: 'get',
    path: '/modules/available',
    operationId: 'listAvailableModules',
    ...declareAccess({
      kind: 'in-scope',
      note: 'Any member who can see the workspace; without modules.install/enable/disable there only the enabled modules are listed.',
    }),
    tags: ['modules'],
    summary: 'Registered modules and their state in a workspace',
    description:
      'Every registered module (its current version) with its state in the workspace (`not_installed`, ' +
      '`installed`, `enabled`, `disabled`, `uninstalled`), installed and current version, whether an upgrade ' +
      'is available, the last health check and, for enabled modules, the admin navigation entries the ' +
      'caller’s role may open (`/w/{workspace_id}/m/{key}{path}`, by `order` then label). A caller without ' +
      'module capabilities there sees only the enabled modules. With no module registered: `items: []`.',
    request: { query: workspaceQuery },
    responses: {
      200: jsonResponse(moduleAvailabilityListSchema, 'The modules'),
      ...errorResponses([...GUARD_ERRORS, 'WORKSPACE_FORBIDDEN', 'VALIDATION_BLOCKING']),
    },
  });
}

function previewUpgradeRoute() {
  return createRoute({
    method: 'get',
    path: '/modules/{key}/upgrade',
    operationId: 'previewModuleUpgrade',
    ...moduleAccess('modules.install'),
    tags: ['modules'],
    summary: 'What upgrading a module would change',
    description:
      'The permission diff between the installed version and the module’s current version: permissions, ' +
      'events emitted and consumed, API routes and pages of both layers, shared entities, capabilities and ' +
      'site capabilities, added and removed; `paid`, `target` and `frontend_entry_url` when they change; ' +
      '`config_schema` (changed, and where the current config fails the new schema). `grants_more` when ' +
      'anything is added, the module becomes paid, or its target or frontend moves. `CONFLICT` when it is ' +
      'not installed (`details: { from, action: "upgrade" }`), already current (`details.reason: ' +
      '"up_to_date"`) or the current version is not newer by semver (`"not_newer"`).',
    request: { params: keyParams, query: workspaceQuery },
    responses: {
      200: jsonResponse(modulePermissionDiffSchema, 'The diff'),
      ...errorResponses(TRANSITION_ERRORS),
    },
  });
}

function upgradeRoute() {
  return createRoute({
    method: 'post',
    path: '/modules/{key}/upgrade',
    operationId: 'upgradeModule',
    ...moduleAccess('modules.install'),
    tags: ['modules'],
    summary: 'Upgrade a module to its current version',
    description:
      'Moves the installation to the current version, keeping its state; the old one becomes ' +
      '`previous_version`. `to_version` is the version the caller previewed (GET upgrade): when the ' +
      'current version is another one now, `CONFLICT` with `details: { reason: "version_changed", ' +
      'to_version, current_version }`, nothing changed (a consent covers only the diff that was seen). ' +
      'When the diff grants more, `consent: true` is required, else `CONFLICT` with ' +
      '`details: { reason: "consent_required", diff }`. The config must be valid for the new version. ' +
      'An enabled installation passes the enable gates for the new version first (billing for a paid ' +
      'version, its target healthy; the same refusals as enable, nothing changed). Audited as `module.upgrade`.' +
      PROBE_BUDGET_NOTE,
    request: {
      params: keyParams,
      body: jsonBody(
        workspaceBody.extend({
          to_version: semverSchema.meta({
            description:
              'The version previewed (GET upgrade’s `to_version`); the upgrade goes there or nowhere',
          }),
          consent: z
            .boolean()
            .optional()
            .meta({ description: 'An admin’s consent to what the new version adds' }),
        }),
      ),
    },
    responses: {
      200: jsonResponse(moduleInstallationStateViewSchema, 'Upgraded'),
      ...errorResponses(GATED_TRANSITION_ERRORS),
    },
  });
}

function rollbackRoute() {
  return createRoute({
    method: 'post',
    path: '/modules/{key}/rollback',
    operationId: 'rollbackModuleInstallation',
    ...moduleAccess('modules.install'),
    tags: ['modules'],
    summary: 'Roll an installation back to its previous version',
    description:
      'Moves the installation back to its previous version, keeping the state, and clears ' +
      '`previous_version`: a rollback only goes back and is used once (`CONFLICT` with `details.reason: ' +
      '"no_previous_version"` when there is none, `"not_older"` when it is not lower by semver); moving ' +
      'forward again is an upgrade. An enabled installation passes the enable gates for the previous ' +
      'version first (billing, health; as enable). Audited as `module.installation_rollback`.' +
      PROBE_BUDGET_NOTE,
    request: { params: keyParams, body: jsonBody(workspaceBody) },
    responses: {
      200: jsonResponse(moduleInstallationStateViewSchema, 'Rolled back'),
      ...errorResponses(GATED_TRANSITION_ERRORS),
    },
  });
}

function healthCheckRoute() {
  return createRoute({
    method: 'post',
    path: '/modules/{key}/health-check',
    operationId: 'checkModuleHealth',
    ...declareAccess({
      kind: 'capability',
      requires: [
        { capabilities: ['modules.enable'], scope: 'active-workspace', checked_by: 'guard' },
        { capabilities: ['modules.enable'], scope: 'target-workspace', checked_by: 'domain' },
      ],
      note: `${POLICY_NOTE} \`workspace_id\` defaults to the active workspace.`,
    }),
    tags: ['modules'],
    summary: 'Check a module’s target now',
    description:
      'Asks the target of the version installed in the workspace (else the current version) and records the ' +
      'result; an unhealthy target is an answer here (`health.status: "unhealthy"` with what was seen), not an error. ' +
      'Outside local mode a link-local or cloud metadata address is not asked (`detail: "address not allowed (...)"`). ' +
      PROBE_BUDGET_NOTE.trim(),
    request: {
      params: keyParams,
      body: jsonBody(z.object({ workspace_id: z.uuid().optional() })),
    },
    responses: {
      200: jsonResponse(moduleHealthCheckSchema, 'The check'),
      ...errorResponses([
        ...GUARD_ERRORS,
        'PERMISSION_DENIED',
        'WORKSPACE_FORBIDDEN',
        'MODULE_NOT_REGISTERED',
        'VALIDATION_BLOCKING',
        'RATE_LIMITED',
      ]),
    },
  });
}

function readPolicyRoute() {
  return createRoute({
    method: 'get',
    path: '/modules/policy',
    operationId: 'readModulePolicy',
    ...declareAccess({
      kind: 'in-scope',
      note: 'Any member who can see the workspace: an agency, or a business (its agency’s policy).',
    }),
    tags: ['modules'],
    summary: 'An agency’s module policy',
    description:
      'Whether the agency’s businesses’ admins and managers manage their own modules (default false). For a ' +
      'business, its agency’s policy; the super workspace has none (`VALIDATION_BLOCKING`).',
    request: { query: workspaceQuery },
    responses: {
      200: jsonResponse(modulePolicySchema, 'The policy'),
      ...errorResponses([...GUARD_ERRORS, 'WORKSPACE_FORBIDDEN', 'VALIDATION_BLOCKING']),
    },
  });
}

function updatePolicyRoute() {
  return createRoute({
    method: 'put',
    path: '/modules/policy',
    operationId: 'updateModulePolicy',
    ...declareAccess({
      kind: 'capability',
      requires: [
        { capabilities: ['modules.install'], scope: 'active-workspace', checked_by: 'guard' },
        { capabilities: ['modules.install'], scope: 'target-workspace', checked_by: 'domain' },
      ],
      note: 'The target is the agency named by `workspace_id` (its admins, super).',
    }),
    tags: ['modules'],
    summary: 'Set an agency’s module policy',
    description:
      'Lets (or stops) the agency’s businesses’ admins and managers manage their own modules. ' +
      '`VALIDATION_BLOCKING` for a workspace that is no agency. Audited as `module.policy_update` when it changes.',
    request: {
      body: jsonBody(workspaceBody.extend({ businesses_may_manage: z.boolean() })),
    },
    responses: {
      200: jsonResponse(modulePolicySchema, 'The policy'),
      ...errorResponses([
        ...GUARD_ERRORS,
        'PERMISSION_DENIED',
        'WORKSPACE_FORBIDDEN',
        'VALIDATION_BLOCKING',
      ]),
    },
  });
}

/**
 * The per-workspace module endpoints (PRD §19, §20.3; docs/modules.md "Installations"). Mounted
 * after the registry's routes (`/modules/registry/...`, `/modules/import`), whose literal
 * segments win; `registry` and `import` are reserved ids, never a module key.
 */
export function moduleRoutes(): FeatureApp {
  const app = createRouter();

  app.openapi(availableRoute(), async (c) => {
    const { workspace_id: workspaceId } = c.req.valid('query');
    const list = await listAvailableModules(c.var.deps.db, { actor: c.var.context, workspaceId });
    return c.json(list, 200);
  });

  app.openapi(readPolicyRoute(), async (c) => {
    const { workspace_id: workspaceId } = c.req.valid('query');
    return c.json(
      await readModulePolicy(c.var.deps.db, { actor: c.var.context, workspaceId }),
      200,
    );
  });

  app.openapi(updatePolicyRoute(), async (c) => {
    const body = c.req.valid('json');
    const policy = await updateModulePolicy(c.var.deps.db, {
      actor: c.var.context,
      agencyWorkspaceId: body.workspace_id,
      businessesMayManage: body.businesses_may_manage,
      correlationId: c.var.correlationId,
    });
    return c.json(policy, 200);
  });

  app.openapi(installRoute(), async (c) => {
    const { key } = c.req.valid('param');
    const body = c.req.valid('json');
    // The config as sent (`__proto__` keys kept), validated with the body (sent-json.ts).
    const { config } = (await sentJson(c)) as { config?: JsonObject };
    const view = await installModuleWithCredentials(c.var.deps.db, {
      actor: c.var.context,
      workspaceId: body.workspace_id,
      moduleKey: key,
      config,
      correlationId: c.var.correlationId,
      ring: c.var.deps.secrets,
    });
    return c.json(view, 200);
  });

  app.openapi(enableRoute(), async (c) => {
    const { key } = c.req.valid('param');
    const body = c.req.valid('json');
    const view = await enableModule(
      c.var.deps.db,
      {
        actor: c.var.context,
        workspaceId: body.workspace_id,
        moduleKey: key,
        correlationId: c.var.correlationId,
      },
      probeRules(c.var.deps, c.var.context.user_id, key),
    );
    return c.json(view, 200);
  });

  app.openapi(disableRoute(), async (c) => {
    const { key } = c.req.valid('param');
    const body = c.req.valid('json');
    const view = await disableModule(c.var.deps.db, {
      actor: c.var.context,
      workspaceId: body.workspace_id,
      moduleKey: key,
      correlationId: c.var.correlationId,
    });
    return c.json(view, 200);
  });

  app.openapi(uninstallRoute(), async (c) => {
    const { key } = c.req.valid('param');
    const workspaceId = uninstallWorkspaceId(c.req.valid('query'), c.req.valid('json'));
    const view = await uninstallModule(c.var.deps.db, {
      actor: c.var.context,
      workspaceId,
      moduleKey: key,
      correlationId: c.var.correlationId,
    });
    return c.json(view, 200);
  });

  app.openapi(previewUpgradeRoute(), async (c) => {
    const { key } = c.req.valid('param');
    const { workspace_id: workspaceId } = c.req.valid('query');
    const diff = await previewUpgrade(c.var.deps.db, {
      actor: c.var.context,
      workspaceId,
      moduleKey: key,
    });
    return c.json(diff, 200);
  });

  app.openapi(upgradeRoute(), async (c) => {
    const { key } = c.req.valid('param');
    const body = c.req.valid('json');
    const view = await upgradeInstallation(
      c.var.deps.db,
      {
        actor: c.var.context,
        workspaceId: body.workspace_id,
        moduleKey: key,
        toVersion: body.to_version,
        consent: body.consent,
        correlationId: c.var.correlationId,
      },
      probeRules(c.var.deps, c.var.context.user_id, key),
    );
    return c.json(view, 200);
  });

  app.openapi(rollbackRoute(), async (c) => {
    const { key } = c.req.valid('param');
    const body = c.req.valid('json');
    const view = await rollbackInstallation(
      c.var.deps.db,
      {
        actor: c.var.context,
        workspaceId: body.workspace_id,
        moduleKey: key,
        correlationId: c.var.correlationId,
      },
      probeRules(c.var.deps, c.var.context.user_id, key),
    );
    return c.json(view, 200);
  });

  app.openapi(healthCheckRoute(), async (c) => {
    const { key } = c.req.valid('param');
    const body = c.req.valid('json');
    const result = await checkModuleHealth(
      c.var.deps.db,
      { actor: c.var.context, moduleKey: key, workspaceId: body.workspace_id },
      probeRules(c.var.deps, c.var.context.user_id, key),
    );
    return c.json(result, 200);
  });

  return app;
}

/**
 * The workspace of `DELETE /modules/{key}/uninstall`: PRD §20.3 sends `workspace_id` in the body,
 * clients that cannot send a body with DELETE put it in the query; exactly one of them, or both equal.
 */
function uninstallWorkspaceId(
  query: { workspace_id?: string },
  body: { workspace_id: string } | undefined,
): string {
  const named = [query.workspace_id, body?.workspace_id].filter((id) => id !== undefined);
  const [workspaceId] = named;
  if (workspaceId === undefined || named.some((id) => id !== workspaceId)) {
    throw new ShellError('VALIDATION_BLOCKING', 'uninstall needs one workspace_id', {
      details: {
        issues: [
          {
            path: 'body.workspace_id',
            message: 'Send workspace_id in the JSON body or in the query (the same id if both).',
          },
        ],
      },
    });
  }
  return workspaceId;
}

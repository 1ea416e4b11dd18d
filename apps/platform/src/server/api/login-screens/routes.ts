import { createRoute, z } from '@hono/zod-openapi';
import { getLoginScreen, saveLoginScreen } from '@aiconnected/branding';
import {
  loginScreenSchema,
  loginScreenUpdateSchema,
  signInBrandingSchema,
} from '@aiconnected/sdk-contracts';
import type { FeatureApp } from '../context';
import { declareAccess } from '../http/access';
import { createRouter } from '../http/create-router';
import { errorResponses, GUARD_ERRORS } from '../http/error-responses';
import { jsonBody, jsonResponse } from '../http/json-schemas';

const READ_ERRORS = [...GUARD_ERRORS, 'WORKSPACE_FORBIDDEN', 'VALIDATION_BLOCKING'] as const;

function getRoute() {
  return createRoute({
    method: 'get',
    path: '/branding/login-screen',
    operationId: 'getLoginScreen',
    ...declareAccess({ kind: 'in-scope' }),
    tags: ['branding'],
    summary: 'A workspace’s login screen',
    description:
      'The effective login branding of `workspace_id` (logo, colours, fonts, copy, support link) resolved ' +
      'super baseline -> agency -> business, with the workspace each field comes from ' +
      '(`field_sources`, `effective_source_workspace_id`), the workspace’s own profile and version, the ' +
      'agency policy that applies, and whether the caller may save. A business’s own profile applies only ' +
      'while its agency allows business overrides. Any member of a workspace in the caller’s scope may ' +
      'read it; any other id is `WORKSPACE_FORBIDDEN`.',
    request: { query: z.object({ workspace_id: z.uuid() }) },
    responses: {
      200: jsonResponse(loginScreenSchema, 'The login screen'),
      ...errorResponses(READ_ERRORS),
    },
  });
}

function saveRoute() {
  return createRoute({
    method: 'put',
    path: '/branding/login-screen',
    operationId: 'saveLoginScreen',
    ...declareAccess({
      kind: 'capability',
      requires: [
        { capabilities: ['branding.login.edit'], scope: 'target-workspace', checked_by: 'domain' },
      ],
      note:
        'The target is `workspace_id`: super edits the baseline, an agency its own login screen and (while ' +
        'it allows overrides) its businesses’, a business its own while its agency allows it (else ' +
        '`PERMISSION_DENIED`, `details.reason: "agency_policy"`).',
    }),
    tags: ['branding'],
    summary: 'Save a new login-screen version',
    description:
      'Stores `branding_profile` as the workspace’s own profile, a new version (fields left out inherit). ' +
      'Colours are stored as HSL channels, fonts must be in the theme’s catalogue, copy is plain text, the ' +
      'support link `https:` or `mailto:`, the logo a clean logo of the workspace or an ancestor ' +
      '(`VALIDATION_BLOCKING` with the field). `allow_business_override` is an agency’s policy (refused ' +
      'elsewhere). A business whose agency does not allow overrides is `PERMISSION_DENIED` with ' +
      '`details.reason: "agency_policy"`. Two saves at once: one gets `CONFLICT`; so does a save whose ' +
      '`base_version` (the version the editor loaded) is no longer the latest (`details.current_version`). ' +
      'Audited as ' +
      '`branding.login_screen.update`.',
    request: { body: jsonBody(loginScreenUpdateSchema) },
    responses: {
      200: jsonResponse(loginScreenSchema, 'The login screen after the save'),
      ...errorResponses([...READ_ERRORS, 'PERMISSION_DENIED', 'CONFLICT']),
    },
  });
}

function signInContextRoute() {
  return createRoute({
    method: 'get',
    path: '/branding/sign-in-context',
    operationId: 'getSignInBranding',
    ...declareAccess({
      kind: 'public',
      note: 'What the sign-in page of the requested host shows anyone; no workspace ids.',
    }),
    tags: ['branding'],
    summary: 'The sign-in branding of this host',
    description:
      'The effective login branding of the workspace the request’s `Host` belongs to (a verified custom ' +
      'domain or its platform host `<slug>.<PLATFORM_CUSTOM_DOMAIN_ROOT>`), else the super baseline ' +
      '(`host_kind: "platform"`). Served from a per-process cache that every save invalidates.',
    responses: {
      200: jsonResponse(signInBrandingSchema, 'The branding'),
      // A host this server does not serve is refused before any route (`details.reason: host`).
      ...errorResponses(['NOT_FOUND']),
    },
  });
}

/** Login screens: read and save a workspace's profile, and a host's sign-in branding (PRD §15.1). */
export function loginScreenRoutes(): FeatureApp {
  const app = createRouter();

  app.openapi(getRoute(), async (c) => {
    const { workspace_id: workspaceId } = c.req.valid('query');
    return c.json(await getLoginScreen(c.var.deps.db, { actor: c.var.context, workspaceId }), 200);
  });

  app.openapi(saveRoute(), async (c) => {
    const body = c.req.valid('json');
    const saved = await saveLoginScreen(c.var.deps.db, {
      actor: c.var.context,
      workspaceId: body.workspace_id,
      profile: body.branding_profile,
      allowBusinessOverride: body.allow_business_override,
      changeNote: body.change_note,
      correlationId: c.var.correlationId,
      baseVersion: body.base_version,
    });
    return c.json(saved, 200);
  });

  app.openapi(signInContextRoute(), async (c) => {
    // The URL's host: the Host header behind the Node listener, the URL's in process.
    return c.json(await c.var.deps.signInBranding.forHost(new URL(c.req.url).host), 200);
  });

  return app;
}

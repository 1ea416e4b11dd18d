import { createRoute, z } from '@hono/zod-openapi';
import { addDomain, listDomains, removeDomain, verifyDomain } from '@aiconnected/branding';
import {
  domainAddResultSchema,
  domainListSchema,
  domainVerifyResultSchema,
  okSchema,
} from '@aiconnected/sdk-contracts';
import type { FeatureApp } from '../context';
import { declareAccess } from '../http/access';
import { createRouter } from '../http/create-router';
import { errorResponses, GUARD_ERRORS } from '../http/error-responses';
import { jsonBody, jsonResponse } from '../http/json-schemas';
import { pageQuery } from '../http/page-query';

const idParams = z.object({ id: z.uuid().meta({ description: 'Domain id' }) });
// domains.manage in the active workspace (guard) and in the domain's workspace (domain).
const DOMAIN_ACCESS = declareAccess({
  kind: 'capability',
  requires: [
    { capabilities: ['domains.manage'], scope: 'active-workspace', checked_by: 'guard' },
    { capabilities: ['domains.manage'], scope: 'target-workspace', checked_by: 'domain' },
  ],
  note: 'The target is the domain’s workspace: the caller’s own, or a business its agency admin role governs.',
});
const DOMAIN_ERRORS = [...GUARD_ERRORS, 'PERMISSION_DENIED', 'WORKSPACE_FORBIDDEN'] as const;

function listRoute() {
  return createRoute({
    method: 'get',
    path: '/domains',
    operationId: 'listDomains',
    ...DOMAIN_ACCESS,
    tags: ['domains'],
    summary: 'Custom domains of a workspace',
    description:
      'The workspace’s custom domains, oldest first, each with the exact TXT record to publish and its last ' +
      'check, and the workspace’s platform host (`<slug>.<PLATFORM_CUSTOM_DOMAIN_ROOT>`, which works without ' +
      'verification). Keyset-paginated.',
    request: { query: z.object({ workspace_id: z.uuid(), ...pageQuery }) },
    responses: {
      200: jsonResponse(domainListSchema, 'A page of the domains'),
      ...errorResponses([...DOMAIN_ERRORS, 'VALIDATION_BLOCKING']),
    },
  });
}

function addRoute() {
  return createRoute({
    method: 'post',
    path: '/domains',
    operationId: 'addDomain',
    ...DOMAIN_ACCESS,
    tags: ['domains'],
    summary: 'Add a custom domain',
    description:
      'Adds a host (normalised: trimmed, lower case, trailing dot removed, IDNA to ASCII) as a pending domain ' +
      'and answers the token its TXT record `_aiconnected-challenge.<host>` must hold. `DOMAIN_INVALID` (with ' +
      '`details.reason`) for IP addresses, single labels, `localhost` and the platform’s own names; ' +
      '`DOMAIN_ALREADY_CLAIMED` when another workspace routes the host or this one claims it; ' +
      '`RATE_LIMITED` past 60 adds and verifies per person in 10 minutes. Audited as `domain.add`.',
    request: {
      body: jsonBody(
        z.object({
          workspace_id: z.uuid(),
          host: z.string().min(1).max(1000).meta({ description: 'e.g. login.agency.example' }),
        }),
      ),
    },
    responses: {
      201: jsonResponse(domainAddResultSchema, 'Added, pending verification'),
      ...errorResponses([
        ...DOMAIN_ERRORS,
        'DOMAIN_INVALID',
        'DOMAIN_ALREADY_CLAIMED',
        'RATE_LIMITED',
        'VALIDATION_BLOCKING',
      ]),
    },
  });
}

function verifyRoute() {
  return createRoute({
    method: 'post',
    path: '/domains/{id}/verify',
    operationId: 'verifyDomain',
    ...DOMAIN_ACCESS,
    tags: ['domains'],
    summary: 'Verify a custom domain now',
    description:
      'Looks up the TXT record `_aiconnected-challenge.<host>` (DNS_RESOLVER_SERVERS) and records the check. ' +
      'Found: the domain is verified (idempotent: a verified one is re-checked). Otherwise ' +
      '`DOMAIN_VERIFICATION_FAILED` with `details.reason` `no_record`, `wrong_value` or `resolver_unreachable` ' +
      '(not a failure of the domain) and `details.status`. An unknown id answers like another tenant’s ' +
      '(`WORKSPACE_FORBIDDEN`). A domain deleted while DNS was asked (its unverified claim expired and ' +
      'was released, or it was removed) is `NOT_FOUND` with `details.reason` `claim_expired` or `removed`, ' +
      'nothing recorded. `RATE_LIMITED` past 60 adds and verifies per person in 10 minutes. ' +
      'Audited as `domain.verify`.',
    request: { params: idParams },
    responses: {
      200: jsonResponse(domainVerifyResultSchema, 'Verified'),
      ...errorResponses([
        ...DOMAIN_ERRORS,
        'DOMAIN_VERIFICATION_FAILED',
        'NOT_FOUND',
        'RATE_LIMITED',
        'VALIDATION_BLOCKING',
      ]),
    },
  });
}

function removeRoute() {
  return createRoute({
    method: 'delete',
    path: '/domains/{id}',
    operationId: 'removeDomain',
    ...DOMAIN_ACCESS,
    tags: ['domains'],
    summary: 'Remove a custom domain',
    description:
      'Removes the domain: its host stops routing at once and can be claimed again; its check history is kept ' +
      '365 days. An unknown id answers like another tenant’s (`WORKSPACE_FORBIDDEN`). Audited as `domain.remove`.',
    request: { params: idParams },
    responses: {
      200: jsonResponse(okSchema, 'Removed'),
      ...errorResponses([...DOMAIN_ERRORS, 'VALIDATION_BLOCKING']),
    },
  });
}

/** The custom-domain endpoints of PRD §20.3 (docs/domains.md). */
export function domainRoutes(): FeatureApp {
  const app = createRouter();

  app.openapi(listRoute(), async (c) => {
    const { workspace_id: workspaceId, cursor, limit } = c.req.valid('query');
    const { domains, baseUrl } = c.var.deps.config;
    const page = await listDomains(c.var.deps.db, {
      actor: c.var.context,
      workspaceId,
      platformRoot: domains.platformRoot,
      baseUrl,
      claimTtlDays: domains.claimTtlDays,
      cursor,
      limit,
    });
    return c.json(page, 200);
  });

  app.openapi(addRoute(), async (c) => {
    const body = c.req.valid('json');
    const { config } = c.var.deps;
    await c.var.deps.domainWriteLimiter.consume(`user:${c.var.context.user_id}`);
    const result = await addDomain(c.var.deps.db, {
      actor: c.var.context,
      workspaceId: body.workspace_id,
      host: body.host,
      rules: {
        platformRoot: config.domains.platformRoot,
        baseHost: new URL(config.baseUrl).hostname,
        ownHosts: config.allowedOrigins.map((origin) => new URL(origin).hostname),
        publicOnly: !config.isLocal,
      },
      claimTtlDays: config.domains.claimTtlDays,
      correlationId: c.var.correlationId,
    });
    return c.json(result, 201);
  });

  app.openapi(verifyRoute(), async (c) => {
    const { id } = c.req.valid('param');
    await c.var.deps.domainWriteLimiter.consume(`user:${c.var.context.user_id}`);
    const result = await verifyDomain(c.var.deps.db, {
      actor: c.var.context,
      domainId: id,
      resolver: c.var.deps.config.domains.resolver,
      claimTtlDays: c.var.deps.config.domains.claimTtlDays,
      correlationId: c.var.correlationId,
    });
    return c.json(result, 200);
  });

  app.openapi(removeRoute(), async (c) => {
    const { id } = c.req.valid('param');
    const result = await removeDomain(c.var.deps.db, {
      actor: c.var.context,
      domainId: id,
      correlationId: c.var.correlationId,
    });
    return c.json(result, 200);
  });

  return app;
}

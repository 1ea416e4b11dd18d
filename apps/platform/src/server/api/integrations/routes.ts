import {
  connectIntegration,
  DEFAULT_RETURN_PATH,
  disconnectIntegration,
  handleOAuthCallback,
  listConnections,
  listProviderConfigs,
  putProviderConfig,
} from '@aiconnected/integrations';
import { isShellError, ShellError } from '@aiconnected/sdk-contracts';
import { safeNextPath } from '../../../lib/safe-next-path';
import type { FeatureApp } from '../context';
import { authenticateRequest } from '../guard/require-auth';
import { createRouter } from '../http/create-router';
import { callbackRoute } from './callback-route';
import { connectRoute, disconnectRoute, listConnectionsRoute } from './connection-routes';
import { listProvidersRoute, putProviderRoute } from './provider-routes';

/** `path` (same-origin, may hold a query) with `params` added. */
function withParams(path: string, params: Record<string, string>): string {
  const url = new URL(path, 'http://here');
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return `${url.pathname}${url.search}`;
}

/**
 * The integrations API (PRD §20.3, design 13 §5): provider configs, connect through the
 * backend's hosted OAuth flow and its callback, disconnect, list connections. Handlers are
 * thin: each calls one function of @aiconnected/integrations.
 */
export function integrationRoutes(): FeatureApp {
  const app = createRouter();

  app.openapi(listProvidersRoute(), async (c) => {
    const { workspace_id: workspaceId } = c.req.valid('query');
    return c.json(await listProviderConfigs(c.var.deps.db, c.var.context, workspaceId), 200);
  });

  app.openapi(putProviderRoute(), async (c) => {
    const { provider_key: providerKey } = c.req.valid('param');
    const saved = await putProviderConfig(
      c.var.deps.db,
      c.var.deps.integrations,
      c.var.context,
      providerKey,
      c.req.valid('json'),
      c.var.correlationId,
    );
    return c.json(saved, 200);
  });

  app.openapi(connectRoute(), async (c) => {
    await c.var.deps.integrationConnectLimiter.consume(`user:${c.var.context.user_id}`);
    const answer = await connectIntegration(
      c.var.deps.db,
      c.var.deps.integrations,
      c.var.context,
      c.req.valid('json'),
      c.var.correlationId,
    );
    return c.json(answer, 201);
  });

  app.openapi(disconnectRoute(), async (c) => {
    const answer = await disconnectIntegration(
      c.var.deps.db,
      c.var.deps.integrations,
      c.var.context,
      c.req.valid('json'),
      c.var.correlationId,
    );
    return c.json(answer, 200);
  });

  app.openapi(listConnectionsRoute(), async (c) => {
    return c.json(await listConnections(c.var.deps.db, c.var.context, c.req.valid('query')), 200);
  });

  app.openapi(callbackRoute(), async (c) => {
    const { state } = c.req.valid('query');
    // A browser is redirected; any other client gets the JSON envelope.
    const browser = (c.req.header('accept') ?? '').includes('text/html');
    let userId: string;
    try {
      userId = (await authenticateRequest(c.req, c.var.deps)).session.userId;
    } catch (error) {
      if (browser && isShellError(error) && error.code !== 'PERMISSION_DENIED') {
        // /api paths are never a sign-in `next` (safeNextPath): back to the integrations page.
        const next = withParams(DEFAULT_RETURN_PATH, { connect: 'pending' });
        return c.redirect(`/sign-in?next=${encodeURIComponent(next)}`, 303);
      }
      throw error;
    }
    try {
      if (state === undefined || state === '') {
        throw new ShellError('INTEGRATION_OAUTH_STATE_INVALID', 'callback without a state', {
          details: { reason: 'unknown' },
        });
      }
      const result = await handleOAuthCallback(c.var.deps.db, c.var.deps.integrations, {
        token: state,
        userId,
        correlationId: c.var.correlationId,
      });
      // The stored path passed the schema, but dot segments (`/.//host`) resolve to `//host`:
      // resolved as a browser would, a path that leaves this site goes to the default page.
      const back = withParams(safeNextPath(result.returnPath) ?? DEFAULT_RETURN_PATH, {
        connect: result.outcome,
        connection_id: result.connectionId,
      });
      return c.redirect(back, 303);
    } catch (error) {
      // PERMISSION_DENIED here: the state's user no longer manages integrations there.
      const refused = ['INTEGRATION_OAUTH_STATE_INVALID', 'PERMISSION_DENIED'];
      if (browser && isShellError(error) && refused.includes(error.code)) {
        const reason = typeof error.details.reason === 'string' ? error.details.reason : 'unknown';
        const back = withParams(DEFAULT_RETURN_PATH, {
          connect: 'invalid',
          code: error.code,
          reason,
        });
        return c.redirect(back, 303);
      }
      throw error;
    }
  });

  return app;
}

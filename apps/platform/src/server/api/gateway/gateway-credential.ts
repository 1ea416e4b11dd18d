import type { Context, MiddlewareHandler } from 'hono';
import { verifyModuleUiToken } from '@aiconnected/gateway';
import { ShellError, type WorkspaceContext } from '@aiconnected/sdk-contracts';
import { tokenIssuer } from '../../gateway-services';
import { deferChildLogger } from '../../logger';
import { requireAuth, type AuthEnv, type AuthVariables } from '../guard';

/** The request variables of a gateway request: the guard's, and a module UI token's scope. */
export interface GatewayVariables extends AuthVariables<WorkspaceContext> {
  /** Set when the caller used a module UI token: its `perms` (the most its request may use). */
  tokenPermissions?: readonly string[];
}

export interface GatewayEnv extends AuthEnv<WorkspaceContext> {
  Variables: GatewayVariables;
}

// A JWS in compact form: three base64url parts. A session token has no dot (43 characters).
const BEARER_JWT = /^Bearer[ \t]+([\w-]+\.[\w-]+\.[\w-]+)[ \t]*$/i;

/**
 * Step 1 of the gateway (docs/modules.md "Gateway"): who calls. A module UI token
 * (`Authorization: Bearer <JWT>`, `use` module-ui) is accepted for the module its audience
 * names, as long as the session it was minted for is still live and still in that workspace
 * (the session cache's `authenticateById`, forgotten on the session's notifications);
 * its `perms` then bound what the request may use (`tokenPermissions`). Anything else is the
 * API's guard (session cookie, with the origin check on writes, or session Bearer token).
 * Refusals: `AUTH_REQUIRED`, `SESSION_INVALID` (a token that does not verify for this module,
 * or whose session ended or moved to another workspace), `WORKSPACE_REQUIRED`.
 */
export function gatewayCredential(): MiddlewareHandler<GatewayEnv> {
  const guard = requireAuth();
  return async (c, next) => {
    const token = BEARER_JWT.exec(c.req.header('authorization') ?? '')?.[1];
    if (token === undefined) return guard(c, next);
    await authenticateModuleUiToken(c, token);
    await next();
  };
}

async function authenticateModuleUiToken(c: Context<GatewayEnv>, token: string): Promise<void> {
  const { deps } = c.var;
  const claims = await verifyModuleUiToken(deps.signingKeys, token, {
    moduleKey: c.req.param('module') ?? '',
    issuer: tokenIssuer(deps.config.baseUrl),
  });
  const resolved = await deps.sessionCache.authenticateById(claims.sid ?? '');
  const context = resolved?.context;
  if (!resolved || !context || context.workspace_id !== claims.wid) {
    throw new ShellError(
      'SESSION_INVALID',
      'module-ui token refused: its session ended or left the workspace it was minted in',
    );
  }
  c.set('session', resolved.session);
  c.set('context', context);
  c.set('activeMemberships', resolved.memberships);
  c.set('tokenPermissions', claims.perms);
  c.set(
    'logger',
    deferChildLogger(c.get('logger'), {
      user_id: resolved.session.userId,
      session_id: resolved.session.id,
      workspace_id: context.workspace_id,
      module_token: claims.jti,
    }),
  );
}

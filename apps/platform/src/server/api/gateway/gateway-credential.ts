import type { MiddlewareHandler } from 'hono';
import { verifyModuleUiToken } from '@aiconnected/gateway';
import type { SessionRecord } from '@aiconnected/identity';
import type { GoverningMembership } from '@aiconnected/permissions';
import { ShellError, type WorkspaceContext } from '@aiconnected/sdk-contracts';
import { tokenIssuer } from '../../gateway-services';
import { deferChildLogger } from '../../logger';
import type { ApiDeps } from '../context';
import { type AuthEnv, type AuthVariables } from '../guard';
import type { RequestHead } from '../guard/read-session-token';
import { authenticateRequest } from '../guard/require-auth';

/** The request variables of a gateway request: the guard's, and a module UI token's scope. */
export interface GatewayVariables extends AuthVariables<WorkspaceContext> {
  /** Set when the caller used a module UI token: its `perms` (the most its request may use). */
  tokenPermissions?: readonly string[];
}

export interface GatewayEnv extends AuthEnv<WorkspaceContext> {
  Variables: GatewayVariables;
}

/** Who calls the gateway (step 1): the live session, its active workspace, a token's scope. */
export interface GatewayCallerSession {
  session: SessionRecord;
  context: WorkspaceContext;
  memberships: readonly GoverningMembership[];
  /** Set when the caller used a module UI token: its `perms`. */
  tokenPermissions?: readonly string[];
}

/** What the request's log lines are bound to once its session is known. */
export type BindLogger = (bindings: Record<string, unknown>) => void;

// A JWS in compact form: three base64url parts. A session token has no dot (43 characters).
const BEARER_JWT = /^Bearer[ \t]+([\w-]+\.[\w-]+\.[\w-]+)[ \t]*$/i;

/**
 * Step 1 of the gateway (docs/modules.md "Gateway"): who calls (`authenticateGatewayCaller`),
 * set on the request's variables as the guard sets them.
 */
export function gatewayCredential(): MiddlewareHandler<GatewayEnv> {
  return async (c, next) => {
    const caller = await authenticateGatewayCaller(
      c.req,
      c.req.param('module') ?? '',
      c.var.deps,
      (bindings) => c.set('logger', deferChildLogger(c.get('logger'), bindings)),
    );
    c.set('session', caller.session);
    c.set('context', caller.context);
    c.set('activeMemberships', caller.memberships);
    if (caller.tokenPermissions !== undefined) c.set('tokenPermissions', caller.tokenPermissions);
    await next();
  };
}

/**
 * Who calls the gateway. A module UI token (`Authorization: Bearer <JWT>`, `use` module-ui) is
 * accepted for the module its audience names, as long as the session it was minted for is
 * still live and still in that workspace (the session cache's `authenticateById`, forgotten
 * on the session's notifications); its `perms` then bound what the request may use
 * (`tokenPermissions`). Anything else is the API's guard (session cookie, with the origin
 * check on writes, or session Bearer token). `bind` gets the log bindings once the session is
 * known. Refusals: `AUTH_REQUIRED`, `SESSION_INVALID` (a token that does not verify for this
 * module, or whose session ended or moved to another workspace), `WORKSPACE_REQUIRED`.
 */
export async function authenticateGatewayCaller(
  request: RequestHead,
  moduleKey: string,
  deps: ApiDeps,
  bind: BindLogger,
): Promise<GatewayCallerSession> {
  const token = BEARER_JWT.exec(request.header('authorization') ?? '')?.[1];
  if (token === undefined) {
    const { session, context, memberships } = await authenticateRequest(request, deps);
    bind({
      user_id: session.userId,
      session_id: session.id,
      workspace_id: context?.workspace_id ?? null,
    });
    if (!context) throw new ShellError('WORKSPACE_REQUIRED', 'the session has no active workspace');
    return { session, context, memberships };
  }
  const claims = await verifyModuleUiToken(deps.signingKeys, token, {
    moduleKey,
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
  bind({
    user_id: resolved.session.userId,
    session_id: resolved.session.id,
    workspace_id: context.workspace_id,
    module_token: claims.jti,
  });
  return {
    session: resolved.session,
    context,
    memberships: resolved.memberships,
    tokenPermissions: claims.perms,
  };
}

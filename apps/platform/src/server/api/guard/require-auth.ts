import type { MiddlewareHandler } from 'hono';
import type { AuthenticatedSession, SessionRecord } from '@aiconnected/identity';
import type { Capability, GoverningMembership } from '@aiconnected/permissions';
import { ShellError, type WorkspaceContext } from '@aiconnected/sdk-contracts';
import { deferChildLogger } from '../../logger';
import type { ApiDeps, FeatureVariables } from '../context';
import { assertAllowedOriginOf } from './check-origin';
import { presentedToken, type RequestHead } from './read-session-token';

/** What a route declares it needs from the caller. */
export interface RequireAuthOptions {
  /** A capability the caller must hold in the active workspace (implies a workspace). */
  permission?: Capability;
  /** `required` (default): no active workspace is WORKSPACE_REQUIRED; `optional`: context may be null. */
  workspace?: 'required' | 'optional';
}

/** The request variables of a guarded route: the live session and its resolved context. */
export interface AuthVariables<TContext extends WorkspaceContext | null> extends FeatureVariables {
  session: SessionRecord;
  context: TContext;
  /**
   * The user's memberships governing the active workspace, which `context` was computed from
   * (empty without a context): the session cache's answer, so a rule on how that workspace is
   * governed (a module page's `minimumRole`) needs no second read.
   */
  activeMemberships: readonly GoverningMembership[];
}

/** The Hono env of a guarded route (inferred by `createRoute({ middleware: [...] })`). */
export interface AuthEnv<TContext extends WorkspaceContext | null = WorkspaceContext> {
  Variables: AuthVariables<TContext>;
}

/**
 * The one authentication guard of the API: put it in a route's `middleware`; it uses the
 * services of the request (`c.var.deps`: the session cache, the allowed origins). It reads the
 * session token (`Authorization: Bearer`, else the `shell_session` cookie), refuses a
 * cookie-authenticated write from a foreign origin, then resolves session and workspace
 * context in one database call (`authenticateSession`, answered from the process's session
 * cache when it holds the token, docs/identity.md "Session cache": the hot path of every protected
 * request), and sets `c.var.session` and `c.var.context`.
 *
 * Refusals: no token `AUTH_REQUIRED`; unknown, expired or revoked token, or a user who is not
 * active `SESSION_INVALID`; cross-site cookie write `PERMISSION_DENIED` {reason: 'origin'};
 * no active workspace `WORKSPACE_REQUIRED` (unless `workspace: 'optional'` and no
 * `permission`); a missing capability `PERMISSION_DENIED` {required_permission}.
 */
export function requireAuth(
  options: RequireAuthOptions & { workspace: 'optional' },
): MiddlewareHandler<AuthEnv<WorkspaceContext | null>>;
export function requireAuth(
  options?: RequireAuthOptions & { workspace?: 'required' },
): MiddlewareHandler<AuthEnv<WorkspaceContext>>;
export function requireAuth(
  options: RequireAuthOptions = {},
):
  | MiddlewareHandler<AuthEnv<WorkspaceContext>>
  | MiddlewareHandler<AuthEnv<WorkspaceContext | null>> {
  return createGuard(options);
}

/** The guard itself; `requireAuth`'s overloads only narrow the type of `c.var.context`. */
function createGuard(
  options: RequireAuthOptions,
): MiddlewareHandler<AuthEnv<WorkspaceContext | null>> {
  const { permission } = options;
  const workspaceRequired = options.workspace !== 'optional' || permission !== undefined;
  return async (c, next) => {
    const resolved = await authenticateRequest(c.req, c.var.deps);
    const { session, context, memberships } = resolved;
    c.set('session', session);
    c.set('context', context);
    c.set('activeMemberships', memberships);
    c.set(
      'logger',
      deferChildLogger(c.get('logger'), {
        user_id: session.userId,
        session_id: session.id,
        workspace_id: context?.workspace_id ?? null,
      }),
    );

    if (workspaceRequired && !context) {
      throw new ShellError('WORKSPACE_REQUIRED', 'the session has no active workspace');
    }
    if (permission && !context?.permissions.includes(permission)) {
      throw new ShellError('PERMISSION_DENIED', `missing capability ${permission}`, {
        details: { required_permission: permission },
      });
    }
    await next();
  };
}

/**
 * The guard's first steps on a request's head: its session token (else `AUTH_REQUIRED`), the
 * origin check of a cookie-authenticated write, then the session and its context from the
 * session cache (else `SESSION_INVALID`).
 */
export async function authenticateRequest(
  request: RequestHead,
  deps: Pick<ApiDeps, 'sessionCache' | 'config' | 'hostWorkspaces'>,
): Promise<AuthenticatedSession> {
  const presented = presentedToken(request);
  if (!presented) throw new ShellError('AUTH_REQUIRED', 'no session token on the request');
  // Before the database: a forged cross-site request learns nothing about the session.
  if (presented.source === 'cookie') {
    await assertAllowedOriginOf(request, deps);
  }
  const resolved = await deps.sessionCache.authenticate(presented.token);
  if (!resolved) {
    throw new ShellError(
      'SESSION_INVALID',
      'session token unknown, expired, revoked or user inactive',
    );
  }
  return resolved;
}

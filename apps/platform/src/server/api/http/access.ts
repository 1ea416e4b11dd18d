import { z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { CAPABILITIES } from '@aiconnected/permissions';
import type { WorkspaceContext } from '@aiconnected/sdk-contracts';
import { requireAuth, SESSION_SECURITY, type AuthEnv } from '../guard';

/** The OpenAPI extension on every operation saying who may call it. */
export const ACCESS_EXTENSION = 'x-shell-access';

const note = z.string().min(1).optional();

/**
 * Who may call a route, as it appears in the OpenAPI document (`x-shell-access`):
 * - `public`: no session (the emailed link's token, the address or nothing is the credential);
 * - `self-service`: any signed-in user acting on their own account or session; `workspace:
 *   'optional'` when it works without an active workspace, `guard: false` when the handler
 *   reads the token itself instead of running the guard;
 * - `in-scope`: any signed-in user with an active workspace; no capability, but only what
 *   lies in the caller's scope (PRD §7.3), anything else is `WORKSPACE_FORBIDDEN`;
 * - `capability`: the capabilities (`all` of them, or `any` one) held in the `scope`: the active
 *   workspace, the workspace the request names (in its path, query or body, or owning the
 *   row it names), or that workspace's parent. `checked_by: 'guard'` when `requireAuth`
 *   refuses without it before the handler runs; `domain` when the domain function decides
 *   it, because it depends on the target.
 */
export const routeAccessSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('public'), note }),
  z.strictObject({
    kind: z.literal('self-service'),
    workspace: z.literal('optional').optional(),
    guard: z.literal(false).optional(),
    note,
  }),
  z.strictObject({ kind: z.literal('in-scope'), note }),
  z
    .strictObject({
      kind: z.literal('capability'),
      capabilities: z.array(z.enum(CAPABILITIES)).min(1),
      match: z.enum(['all', 'any']).optional(),
      scope: z.enum(['active-workspace', 'target-workspace', 'parent-workspace']),
      checked_by: z.enum(['guard', 'domain']),
      note,
    })
    .refine(
      (access) =>
        access.checked_by === 'domain' ||
        (access.scope === 'active-workspace' && access.capabilities.length === 1),
      'The guard checks one capability in the active workspace; anything else is checked_by domain',
    ),
]);

export type RouteAccess = z.infer<typeof routeAccessSchema>;
type AccessOf<K extends RouteAccess['kind']> = Extract<RouteAccess, { kind: K }>;

/** The access part of a `createRoute` config: spread it in (`...declareAccess({...})`). */
interface DeclaredAccess<A extends RouteAccess> {
  [ACCESS_EXTENSION]: A;
  security: Record<string, string[]>[];
}

interface GuardedAccess<
  A extends RouteAccess,
  TContext extends WorkspaceContext | null,
> extends DeclaredAccess<A> {
  middleware: [MiddlewareHandler<AuthEnv<TContext>>];
}

/**
 * A route's access, declared once: the `x-shell-access` extension of its OpenAPI operation,
 * the `security` it states (none for `public`, the session otherwise) and the guard it runs,
 * all derived from the one declaration so the document and the guard cannot disagree (a
 * `checked_by: 'guard'` capability is the guard's `permission`). Spread into `createRoute`.
 */
export function declareAccess<A extends AccessOf<'public'>>(access: A): DeclaredAccess<A>;
export function declareAccess<A extends AccessOf<'self-service'> & { guard: false }>(
  access: A,
): DeclaredAccess<A>;
export function declareAccess<A extends AccessOf<'self-service'> & { workspace: 'optional' }>(
  access: A,
): GuardedAccess<A, WorkspaceContext | null>;
export function declareAccess<
  A extends AccessOf<'self-service'> | AccessOf<'in-scope'> | AccessOf<'capability'>,
>(access: A): GuardedAccess<A, WorkspaceContext>;
export function declareAccess(
  access: RouteAccess,
): DeclaredAccess<RouteAccess> | GuardedAccess<RouteAccess, WorkspaceContext | null> {
  const declared = routeAccessSchema.parse(access);
  if (declared.kind === 'public') return { [ACCESS_EXTENSION]: declared, security: [] };
  const security = SESSION_SECURITY;
  if (declared.kind === 'self-service' && declared.guard === false) {
    return { [ACCESS_EXTENSION]: declared, security };
  }
  return { [ACCESS_EXTENSION]: declared, security, middleware: [guardFor(declared)] };
}

function guardFor(access: RouteAccess): MiddlewareHandler {
  if (access.kind === 'self-service' && access.workspace === 'optional') {
    return requireAuth({ workspace: 'optional' });
  }
  if (access.kind === 'capability' && access.checked_by === 'guard') {
    return requireAuth({ permission: access.capabilities[0] });
  }
  return requireAuth();
}

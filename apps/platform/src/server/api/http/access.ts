import { z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { CAPABILITIES } from '@aiconnected/permissions';
import type { WorkspaceContext } from '@aiconnected/sdk-contracts';
import { requireAuth, SESSION_SECURITY, type AuthEnv } from '../guard';

/** The OpenAPI extension on every operation saying who may call it. */
export const ACCESS_EXTENSION = 'x-shell-access';

const note = z.string().min(1).optional();

/** One thing the code requires of a `capability` route's caller (see `routeAccessSchema`). */
const requirementSchema = z
  .strictObject({
    capabilities: z.array(z.enum(CAPABILITIES)).min(1),
    match: z.enum(['all', 'any']).optional(),
    scope: z.enum(['active-workspace', 'target-workspace', 'parent-workspace']),
    /** When the code requires it ("to change its status"); always when absent. */
    when: note,
    checked_by: z.enum(['guard', 'domain']),
  })
  .refine(
    (requirement) =>
      requirement.checked_by === 'domain' ||
      (requirement.scope === 'active-workspace' &&
        requirement.capabilities.length === 1 &&
        requirement.when === undefined),
    'The guard checks one capability in the active workspace, always; anything else is checked_by domain',
  );

export type AccessRequirement = z.infer<typeof requirementSchema>;

function isGuardChecked(requirement: AccessRequirement): boolean {
  return requirement.checked_by === 'guard';
}

/**
 * Who may call a route, as it appears in the OpenAPI document (`x-shell-access`):
 * - `public`: no session (the emailed link's token, the address or nothing is the credential);
 * - `self-service`: any signed-in user acting on their own account or session; `workspace:
 *   'optional'` when it works without an active workspace, `guard: false` when the handler
 *   reads the token itself instead of running the guard;
 * - `in-scope`: any signed-in user with an active workspace; no capability, but only what
 *   lies in the caller's scope (PRD §7.3), anything else is `WORKSPACE_FORBIDDEN`;
 * - `capability`: what the code requires, as a list: each requirement names capabilities (`all`
 *   of them, or `any` one) held in a `scope` (the active workspace, the workspace the request
 *   names in its path, query or body or that owns the row it names, or that workspace's
 *   parent), `when` it applies (e.g. only to change a status; always when absent), and who
 *   checks it: `guard` when `requireAuth` refuses without it before the handler runs (one
 *   capability in the active workspace, always), `domain` when the domain function decides.
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
      requires: z.array(requirementSchema).min(1),
      note,
    })
    .refine(
      (access) => access.requires.filter(isGuardChecked).length <= 1,
      'The guard checks at most one capability',
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
 * `checked_by: 'guard'` requirement is the guard's `permission`). Spread into `createRoute`.
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
  const guarded = access.kind === 'capability' ? access.requires.find(isGuardChecked) : undefined;
  if (guarded) return requireAuth({ permission: guarded.capabilities[0] });
  return requireAuth();
}

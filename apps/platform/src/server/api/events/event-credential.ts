import type { Context, MiddlewareHandler } from 'hono';
import { authenticateInstallation, type EventProducer } from '@aiconnected/events';
import { addressLimitKey } from '@aiconnected/identity';
import { ShellError, type WorkspaceContext } from '@aiconnected/sdk-contracts';
import { deferChildLogger } from '../../logger';
import { clientAddress, requireAuth, type AuthEnv, type AuthVariables } from '../guard';

/** The request variables of `POST /events`: the guard's for a person, and who emits. */
export interface EmitVariables extends AuthVariables<WorkspaceContext> {
  /** The caller as an event producer: a module installation (API key) or a person. */
  producer?: EventProducer;
}

export interface EmitEnv extends AuthEnv<WorkspaceContext> {
  Variables: EmitVariables;
}

// A module API key: `aicm_` and its secret (checked by `authenticateInstallation`).
const BEARER_MODULE_KEY = /^Bearer[ \t]+(aicm_\S*)[ \t]*$/i;

/**
 * Who emits (docs/events.md "API"): `Authorization: Bearer aicm_...`, a module installation's
 * API key (`authenticateInstallation`: not revoked, not expired, its installation enabled),
 * binds the call to that installation and its workspace; anything else is the API's guard with
 * `events.manage` in the active workspace (session cookie with the origin check, or Bearer
 * session token). A key that does not authenticate is `AUTH_REQUIRED` with
 * `details.reason: "module_credential"` (whatever the reason, so keys cannot be probed). A
 * valid key whose workspace is suspended or archived is `WORKSPACE_FORBIDDEN`
 * (`details.reason: "workspace_suspended"` / `"workspace_archived"`), of a paid module whose
 * billing blocks its use `BILLING_SUSPENDED` / `BILLING_REQUIRED` (the gateway's decision; the
 * entitlement from the module snapshot cache): not counted as refused keys.
 * Refused keys are counted per client address (`moduleKeyFailureLimiter`): past the budget the
 * address's module-key requests are `RATE_LIMITED`, checked before the key's database lookup.
 */
export function emitCredential(): MiddlewareHandler<EmitEnv> {
  const guard = requireAuth({ permission: 'events.manage' });
  return async (c, next) => {
    const key = BEARER_MODULE_KEY.exec(c.req.header('authorization') ?? '')?.[1];
    if (key === undefined) {
      return guard(c, async () => {
        c.set('producer', { kind: 'user', actor: c.var.context });
        await next();
      });
    }
    const address = clientAddress(c, c.var.deps.config.trustProxy);
    const limitKey = address === null ? null : addressLimitKey(address);
    const failures = c.var.deps.moduleKeyFailureLimiter;
    // 0 points: refused only when the address is already past its budget (no lookup then).
    if (limitKey !== null) await failures.consume(limitKey, 0);
    const installation = await authenticateInstallation(c.var.deps.db, key, {
      snapshots: c.var.deps.moduleSnapshots,
    });
    if (!installation) {
      if (limitKey !== null) await failures.consume(limitKey);
      throw new ShellError('AUTH_REQUIRED', 'module API key refused', {
        userMessage:
          'The module API key is unknown, revoked or expired, or its installation is not enabled.',
        details: { reason: 'module_credential' },
      });
    }
    c.set('producer', { kind: 'module', installation });
    c.set(
      'logger',
      deferChildLogger(c.get('logger'), {
        installation_id: installation.installationId,
        module_key: installation.moduleKey,
        workspace_id: installation.workspaceId,
        credential_id: installation.credentialId,
      }),
    );
    await next();
  };
}

/** The producer `emitCredential` set; a route without it is a programming error. */
export function producerOf(c: Context<EmitEnv>): EventProducer {
  const { producer } = c.var;
  if (!producer) throw new Error('POST /events without emitCredential');
  return producer;
}

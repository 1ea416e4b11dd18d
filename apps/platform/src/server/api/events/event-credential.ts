import type { Context, MiddlewareHandler } from 'hono';
import { LRUCache } from 'lru-cache';
import {
  API_KEY_PATTERN,
  authenticateInstallation,
  hashApiKey,
  installationUseRefusal,
  type EventProducer,
  type InstallationPrincipal,
  type PredictedModuleKey,
} from '@aiconnected/events';
import { addressLimitKey } from '@aiconnected/identity';
import { ShellError, type WorkspaceContext } from '@aiconnected/sdk-contracts';
import { deferChildLogger } from '../../logger';
import { clientAddress, requireAuth, type AuthEnv, type AuthVariables } from '../guard';

/** The request variables of `POST /events`: the guard's for a person, and who emits. */
export interface EmitVariables extends AuthVariables<WorkspaceContext> {
  /** The caller as an event producer: a module installation (API key) or a person. */
  producer?: EventProducer;
  /**
   * Set when `producer` is a module principal PREDICTED from an earlier authentication of the
   * same key, not looked up for this request (`emitCredential({ predict: true })`).
   */
  moduleKeyCheck?: ModuleKeyCheck;
}

export interface EmitEnv extends AuthEnv<WorkspaceContext> {
  Variables: EmitVariables;
}

/**
 * A module key whose principal was predicted: the emit verifies it in its own statement
 * (`emitEvent`'s `predictedKey`, which sets `verified`), or, when the request is refused
 * before that, `confirm` authenticates the key the full way.
 */
export interface ModuleKeyCheck extends PredictedModuleKey {
  /** The principal the last successful authentication of this key answered. */
  readonly predicted: InstallationPrincipal;
  /**
   * Today's full authentication of the key, at most once per request (the same promise
   * again): the prediction dropped, then `authenticateInstallation` (AUTH_REQUIRED counted as a
   * refused key, WORKSPACE_FORBIDDEN, BILLING_*), the answered principal set as the producer
   * and kept as the next prediction. Sets `verified`.
   */
  confirm(): Promise<InstallationPrincipal>;
}

// A module API key: `aicm_` and its secret (checked by `authenticateInstallation`).
const BEARER_MODULE_KEY = /^Bearer[ \t]+(aicm_\S*)[ \t]*$/i;

/** How many keys' principals a process predicts (each entry: a hash and five short strings). */
const MODULE_KEY_PREDICTIONS_MAX = 10_000;

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
 *
 * With `predict` (`POST /events`, `POST /events/batch`, each route its own predictions;
 * docs/events.md "Installation credentials"), a key that authenticated before in this process
 * is not looked up: its last principal is PREDICTED (the paid-module billing check still made
 * on it, as after a lookup), `moduleKeyCheck` is set, and the emit verifies the key in its own
 * statement. A request refused before that (a body that fails validation, the emit's rate
 * limit, the predicted version's schema) is answered only after `confirm` authenticated the key
 * the full way, so a key that no longer authenticates gets today's answer, never another. A
 * prediction the billing check refuses is dropped and the key looked up.
 */
export function emitCredential(options: { predict?: boolean } = {}): MiddlewareHandler<EmitEnv> {
  const guard = requireAuth({ permission: 'events.manage' });
  // The principal each API key (by its SHA-256, never the key) last authenticated as, the
  // least recently used dropped first. Only a prediction: `shell.emit_module_event` (a batch's
  // `shell.emit_module_events`) checks it against the database in the emit's own statement.
  const predictions =
    options.predict === true
      ? new LRUCache<string, InstallationPrincipal>({ max: MODULE_KEY_PREDICTIONS_MAX })
      : undefined;
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
    const secretHash =
      predictions !== undefined && API_KEY_PATTERN.test(key) ? hashApiKey(key) : undefined;
    const id = secretHash?.toString('base64');

    /** Today's path: the key looked up, the principal set and (with `predict`) kept. */
    const authenticate = async (): Promise<InstallationPrincipal> => {
      if (id !== undefined) predictions?.delete(id);
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
      if (id !== undefined) predictions?.set(id, installation);
      setModuleProducer(c, installation);
      return installation;
    };

    const predicted = id === undefined ? undefined : predictions?.get(id);
    if (
      secretHash === undefined ||
      predicted === undefined ||
      (await installationUseRefusal(c.var.deps.db, predicted, {
        snapshots: c.var.deps.moduleSnapshots,
      })) !== null
    ) {
      await authenticate();
      await next();
      return;
    }

    let confirmed: Promise<InstallationPrincipal> | undefined;
    const check: ModuleKeyCheck = {
      secretHash,
      predicted,
      verified: false,
      confirm: () =>
        (confirmed ??= authenticate().finally(() => {
          check.verified = true;
        })),
    };
    c.set('moduleKeyCheck', check);
    setModuleProducer(c, predicted);
    await next();
    // Refused before the emit's statement checked the key (a failed body validation is
    // answered, not thrown): answered only once the key authenticates; else today's refusal.
    if (!check.verified && (c.error !== undefined || c.res.status >= 400)) {
      await check.confirm();
    }
  };
}

/** `installation` as the producer, its identity on the request's log lines. */
function setModuleProducer(c: Context<EmitEnv>, installation: InstallationPrincipal): void {
  // A confirmed prediction is the same installation, workspace and credential (a key hash
  // belongs to one credential row): the log bindings are set once.
  const bound = c.var.producer !== undefined;
  c.set('producer', { kind: 'module', installation });
  if (bound) return;
  c.set(
    'logger',
    deferChildLogger(c.get('logger'), {
      installation_id: installation.installationId,
      module_key: installation.moduleKey,
      workspace_id: installation.workspaceId,
      credential_id: installation.credentialId,
    }),
  );
}

/** The producer `emitCredential` set; a route without it is a programming error. */
export function producerOf(c: Context<EmitEnv>): EventProducer {
  const { producer } = c.var;
  if (!producer) throw new Error('POST /events without emitCredential');
  return producer;
}

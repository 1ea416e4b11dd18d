import { asServiceRole, type Db, type Tx } from '@aiconnected/db';
import {
  EMIT_EVENT_FUNCTION,
  storeEvent,
  storeEventArgs,
  storedEventOf,
  type StoreEventInput,
  type StoredEvent,
} from '@aiconnected/modules';
import { formatEventSequence, ShellError } from '@aiconnected/sdk-contracts';
import { announceLanes } from '../delivery/lane-announcements';
import { sourceOf, type InstallationPrincipal } from '../producer';
import { checkEmit, checkModuleEmit } from './check-emit';
import { DEFAULT_EVENT_STREAM, type EmitEventInput, type EmitEventResult } from './emit-types';

/**
 * Emits one event (`POST /events`; docs/events.md "Emit"): checked (`checkEmit`), then stored
 * with its deliveries by `shell.emit_event` in one statement. A module's emit is one round
 * trip once its manifest's schemas are cached (`db.callService`), stored without the lane
 * trigger's NOTIFY (which would make concurrent emits commit one at a time) and its lanes
 * announced after the commit (`announceLanes`); a user's runs in a
 * transaction as the user (access, installation), storing as the service; the shell's as the
 * service. The same idempotency key again answers the first event (`duplicate`) and stores
 * nothing; with another name, stream or payload it is `CONFLICT`
 * (`details.reason: "idempotency_key_reused"`).
 *
 * A module's emit whose principal was PREDICTED (`options.predictedKey`: the key was not looked
 * up for this request; docs/events.md "Installation credentials") is checked with the predicted
 * principal exactly as above, then stored by `shell.emit_module_event` (migration 058), which in
 * the same statement authenticates the key's hash as `shell.authenticate_module_key` does and
 * calls `shell.emit_event` only when it is still that installation and version, its workspace
 * active: one round trip for the whole request. Then `predictedKey.verified` is true; a
 * prediction that no longer holds stores nothing and throws `StaleModuleKeyError`.
 */
export async function emitEvent(
  db: Db,
  input: EmitEventInput,
  options: EmitEventOptions = {},
): Promise<EmitEventResult> {
  const { producer } = input;
  switch (producer.kind) {
    case 'module': {
      const payloadJson = await checkModuleEmit(registryOf(db), input, producer.installation);
      const args = storeEventArgs(toStoreInput(input, payloadJson), false);
      const { predictedKey } = options;
      const stored = storedEventOf(
        predictedKey === undefined
          ? await db.callService<StoredEvent>(`emit ${input.eventName}`, EMIT_EVENT_FUNCTION, args)
          : await emitWithPredictedKey(db, input, producer.installation, predictedKey, args),
      );
      announceLanes(db, stored.lanes);
      return toResult(stored, input);
    }
    case 'user':
      return db.withWorkspace(producer.actor, (tx) => emitInTransaction(tx, input));
    case 'shell':
      return db.withService(`emit ${input.eventName}`, async (tx) => {
        const payloadJson = await checkEmit(tx, input);
        return toResult(await storeEvent(tx, toStoreInput(input, payloadJson)), input);
      });
  }
}

/**
 * The registry as `checkModuleEmit` reads it, each read as the service in its own
 * transaction: only on a module version's first emit (declaredEmits caches it).
 */
export function registryOf(db: Db): Pick<Tx, 'query'> {
  return {
    query: (text: string, values: unknown[]) =>
      db.withService('read declared events', (tx) => tx.query(text, values)),
  } as Pick<Tx, 'query'>;
}

/** How `emitEvent` runs. */
export interface EmitEventOptions {
  /**
   * A module's API key whose principal (the producer's installation) was predicted, not looked
   * up for this request: the emit verifies it in its own statement (`shell.emit_module_event`;
   * a batch's `shell.emit_module_events`).
   */
  predictedKey?: PredictedModuleKey;
}

/** A module's API key as `emitEvent` verifies a predicted principal with. */
export interface PredictedModuleKey {
  /** The key's SHA-256 (`hashApiKey`); the key itself never reaches the database. */
  readonly secretHash: Buffer;
  /** Set once the emit's statement answered that the key is the predicted principal's. */
  verified: boolean;
}

/**
 * A predicted module principal that no longer holds (the key is revoked, expired or rotated
 * out, its installation disabled, uninstalled or upgraded, its workspace not active): nothing
 * was stored; the caller authenticates the key the full way (`authenticateInstallation`).
 */
export class StaleModuleKeyError extends Error {
  constructor() {
    super('the predicted principal of a module API key no longer holds');
    this.name = 'StaleModuleKeyError';
  }
}

const EMIT_MODULE_EVENT_FUNCTION = 'shell.emit_module_event';

interface VerifiedStoredEvent extends StoredEvent {
  stale: boolean;
}

/**
 * `shell.emit_module_event` (migration 058): `args` are `storeEventArgs`' (workspace, name,
 * source, stream, payload, correlation, idempotency key; no lifecycle action, no NOTIFY) after
 * the key's hash and the predicted installation and version.
 */
async function emitWithPredictedKey(
  db: Db,
  input: EmitEventInput,
  installation: InstallationPrincipal,
  key: PredictedModuleKey,
  args: unknown[],
): Promise<StoredEvent[]> {
  const rows = await db.callService<VerifiedStoredEvent>(
    `emit ${input.eventName} with a module key`,
    EMIT_MODULE_EVENT_FUNCTION,
    [
      key.secretHash,
      installation.installationId,
      installation.moduleVersion,
      ...args.slice(0, 7),
      false,
    ],
  );
  if (rows[0]?.stale !== false) throw new StaleModuleKeyError();
  key.verified = true;
  return rows;
}

/**
 * Emits in the caller's `withWorkspace` transaction (it commits or rolls back with the
 * caller's change): checked as `emitEvent` does, stored as the service (`asServiceRole`).
 */
export async function emitInTransaction(tx: Tx, input: EmitEventInput): Promise<EmitEventResult> {
  const payloadJson = await checkEmit(tx, input);
  const stored = await asServiceRole(tx, `emit ${input.eventName}`, () =>
    storeEvent(tx, toStoreInput(input, payloadJson)),
  );
  return toResult(stored, input);
}

/**
 * What `shell.emit_event` stores for a checked `input`; `payloadJson` is the text the check
 * made of its payload (`checkEmit`), stored as it is instead of serialized again.
 */
export function toStoreInput(input: EmitEventInput, payloadJson: string): StoreEventInput {
  return {
    workspaceId: input.workspaceId,
    eventName: input.eventName,
    source: sourceOf(input.producer),
    stream: input.stream ?? DEFAULT_EVENT_STREAM,
    payload: input.payload,
    payloadJson,
    correlationId: input.correlationId,
    idempotencyKey: input.idempotencyKey,
  };
}

/** The answer to an emit; a reused idempotency key (`stored.conflict`) is `CONFLICT`. */
export function toResult(stored: StoredEvent, input: EmitEventInput): EmitEventResult {
  if (stored.conflict) {
    throw new ShellError(
      'CONFLICT',
      `idempotency key reused for another event than ${stored.event_id}`,
      {
        userMessage:
          'This idempotency key was used for another event: use a new key for a new event.',
        details: { reason: 'idempotency_key_reused', idempotency_key: input.idempotencyKey },
      },
    );
  }
  return {
    eventId: stored.event_id,
    deliveryState: stored.delivery_state,
    sequence: formatEventSequence(stored.event_sequence),
    duplicate: stored.duplicate,
  };
}

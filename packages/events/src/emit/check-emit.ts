import type { Tx } from '@aiconnected/db';
import { moduleUseRefusalIn } from '@aiconnected/modules';
import { isShellEventName, ShellError, shellEventDataSchema } from '@aiconnected/sdk-contracts';
import { requireEventsManager } from '../operations/require-events-manager';
import type { EventProducer, InstallationPrincipal } from '../producer';
import { isPaidVersionIn } from '../credentials/module-version-paid';
import { checkPayload } from './check-payload';
import { declaredEmits, type EventDataValidator } from './declared-events';
import { notEmittable, schemaInvalid } from './emit-errors';
import type { EmitEventInput } from './emit-types';

/**
 * Whether `input.producer` may emit this event with this data (docs/events.md "Emit"), else
 * the refusal: the payload's size and shape (`checkPayload`); the shell only the events of
 * its `shell-events` contract, their data checked against it (`shellEventDataSchema`); anyone
 * else never in a shell namespace (`reserved_namespace`); a module only the names its
 * installed version declares in `events.emits`, in its installation's workspace; a user only
 * with `events.manage` in the workspace and only names declared by a module enabled there,
 * a paid one only while the workspace's billing allows its use (`moduleUseRefusalIn`);
 * the data valid against the declared schema (`EVENT_SCHEMA_INVALID`, `details.errors`).
 * `tx` reads the registry (and, for a user, the actor's access and the installation).
 * Answers the payload's JSON text (`checkPayload`), to store as it is.
 */
export async function checkEmit(tx: Tx, input: EmitEventInput): Promise<string> {
  const { producer } = input;
  // Who asks comes first: a user without the capability learns nothing about the payload.
  if (producer.kind === 'user') {
    await requireEventsManager(tx, producer.actor, input.workspaceId, 'emitting an event');
  }
  const payloadJson = checkPayload(input.payload);
  requireValid(input, await validatorFor(tx, input.producer, input));
  return payloadJson;
}

/**
 * `checkEmit` for a module's emit, reading the registry through `registry` only on the first
 * emit of its version (the hot path: no transaction once cached). Answers the payload's JSON
 * text, as `checkEmit` does.
 */
export async function checkModuleEmit(
  registry: Pick<Tx, 'query'>,
  input: EmitEventInput,
  installation: InstallationPrincipal,
): Promise<string> {
  const payloadJson = checkPayload(input.payload);
  requireValid(input, await moduleValidator(registry, installation, input));
  return payloadJson;
}

function requireValid(input: EmitEventInput, validator: EventDataValidator): void {
  const problems = validator(input.payload);
  if (problems.length > 0) {
    throw schemaInvalid(`${input.eventName}: the data does not match its schema`, problems);
  }
}

async function moduleValidator(
  registry: Pick<Tx, 'query'>,
  installation: InstallationPrincipal,
  { eventName, workspaceId }: EmitEventInput,
): Promise<EventDataValidator> {
  if (isShellEventName(eventName)) {
    throw notEmittable(
      eventName,
      'reserved_namespace',
      'Only the shell emits events in this namespace.',
    );
  }
  if (installation.workspaceId !== workspaceId) {
    throw new ShellError(
      'WORKSPACE_FORBIDDEN',
      'a module emits in its installation workspace only',
    );
  }
  const emits = await declaredEmits(registry, installation.moduleKey, installation.moduleVersion);
  return emits.get(eventName) ?? refuseUndeclared(eventName);
}

async function validatorFor(
  tx: Tx,
  producer: EventProducer,
  input: EmitEventInput,
): Promise<EventDataValidator> {
  const { eventName, workspaceId } = input;
  if (producer.kind === 'shell') {
    // Every event of the shell-events contract has its data checked (one table lookup).
    const schema = shellEventDataSchema(eventName);
    if (!schema) {
      throw new Error(
        `the shell emits only the events of its shell-events contract (its own namespaces), not ${eventName}`,
      );
    }
    return (data) => dataProblems(schema, data);
  }
  if (producer.kind === 'module') return moduleValidator(tx, producer.installation, input);
  if (isShellEventName(eventName)) {
    throw notEmittable(
      eventName,
      'reserved_namespace',
      'Only the shell emits events in this namespace.',
    );
  }
  // A user (events.manage checked first by checkEmit). Emitted names start with the
  // emitting module's key (module-sdk EVENT_NAMESPACE).
  const moduleKey = eventName.slice(0, eventName.indexOf('.'));
  const { rows } = await tx.query<{ module_version: string }>(
    `select i.module_version
       from public.module_installations i
      where i.workspace_id = $1 and i.module_key = $2 and i.state = 'enabled'`,
    [workspaceId, moduleKey],
  );
  const installed = rows[0];
  if (!installed) return refuseUndeclared(eventName);
  // Emitting a paid module's event is using the module: refused as its own key and the
  // gateway are (BILLING_SUSPENDED / BILLING_REQUIRED; grace still allows use).
  // Paid as its installed version's manifest says; a version no longer registered counts as
  // paid (fails closed): `isPaidVersionIn`, as for the module's own key.
  if (await isPaidVersionIn(tx, moduleKey, installed.module_version)) {
    const refusal = await moduleUseRefusalIn(tx, workspaceId);
    if (refusal !== null) throw refusal;
  }
  const emits = await declaredEmits(tx, moduleKey, installed.module_version);
  return emits.get(eventName) ?? refuseUndeclared(eventName);
}

function refuseUndeclared(eventName: string): never {
  throw notEmittable(
    eventName,
    'undeclared',
    'The emitter does not declare this event: no module enabled here lists it in events.emits.',
  );
}

function dataProblems(schema: NonNullable<ReturnType<typeof shellEventDataSchema>>, data: unknown) {
  const result = schema.safeParse(data);
  return result.success
    ? []
    : result.error.issues.map((issue) => ({
        path: issue.path.map((part) => `/${String(part)}`).join(''),
        message: issue.message,
      }));
}

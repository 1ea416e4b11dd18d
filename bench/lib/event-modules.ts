import type { Db } from '@aiconnected/db';
import { issueInstallationCredentials } from '@aiconnected/events';
import { enableModule, installModule } from '@aiconnected/modules';
import { registerTestModule, testManifest } from '@aiconnected/modules/testing';
import type { ModuleManifest, WorkspaceContext } from '@aiconnected/sdk-contracts';
import type { SecretKeyRing } from '@aiconnected/secrets';

/** The module that emits (`bench-emitter`), and the event it declares. */
export const EMITTER = 'bench-emitter';
export const EVENT_NAME = `${EMITTER}.tick`;
/** The module consuming it: its webhook endpoint is the bench's receiver. */
export const SINK = 'bench-sink';
export const EVENTS_PATH = '/webhooks/events';

/** The emitter's declared payload schema: `{ n: integer }`, nothing else. */
const TICK_SCHEMA = {
  type: 'object',
  required: ['n'],
  properties: { n: { type: 'integer', minimum: 0 } },
  additionalProperties: false,
};

export interface EventModulesInput {
  db: Db;
  superActor: WorkspaceContext;
  /** Installs, enables and issues credentials (modules.install in `workspaceId`). */
  admin: WorkspaceContext;
  workspaceId: string;
  /** Where the emitter's health check goes (any loopback server answering 2xx). */
  emitterBaseUrl: string;
  /** The receiver: the sink's target, its events at `EVENTS_PATH`. */
  sinkBaseUrl: string;
  ring: SecretKeyRing;
}

/**
 * Registers (super, the real import), installs and enables `bench-emitter` (emits
 * `bench-emitter.tick`) and `bench-sink` (consumes it at `/webhooks/events`) in the workspace,
 * and issues both installations' credentials as `POST /modules/{key}/credentials` does: the
 * emitter's API key (`aicm_...`) is answered; the sink's webhook secret signs its deliveries.
 */
export async function setUpEventModules(input: EventModulesInput): Promise<{ apiKey: string }> {
  const emitterBase = testManifest({ key: EMITTER, baseUrl: input.emitterBaseUrl });
  const emitter = {
    ...emitterBase,
    events: {
      emits: [{ name: EVENT_NAME, description: 'One bench event', schema: TICK_SCHEMA }],
      consumes: [],
    },
  } as ModuleManifest;
  const sinkBase = testManifest({ key: SINK, baseUrl: input.sinkBaseUrl });
  const sink = {
    ...sinkBase,
    events: {
      emits: [],
      consumes: [{ name: EVENT_NAME, description: 'Counts ticks', schema: { type: 'object' } }],
    },
    runtime: { ...sinkBase.runtime, webhooks: { eventsPath: EVENTS_PATH } },
  } as ModuleManifest;
  let apiKey: string | undefined;
  for (const manifest of [emitter, sink]) {
    await registerTestModule(input.db, input.superActor, manifest);
    const transition = {
      actor: input.admin,
      workspaceId: input.workspaceId,
      moduleKey: manifest.id,
    };
    await installModule(input.db, { ...transition, correlationId: `bench-install-${manifest.id}` });
    await enableModule(input.db, { ...transition, correlationId: `bench-enable-${manifest.id}` });
    const issued = await issueInstallationCredentials(input.db, input.admin, {
      workspaceId: input.workspaceId,
      moduleKey: manifest.id,
      ring: input.ring,
      correlationId: `bench-credentials-${manifest.id}`,
    });
    if (manifest.id === EMITTER) apiKey = issued.api_key?.secret;
  }
  if (apiKey === undefined) throw new Error(`no API key was issued for ${EMITTER}`);
  return { apiKey };
}

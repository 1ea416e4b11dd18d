import {
  BRIDGE_PROTOCOL_VERSION,
  moduleReadyMessageSchema,
  type HostInitMessage,
  type ModuleRuntimeConfig,
} from '@aiconnected/sdk-contracts';

/** How long a module frame has to load, connect and answer `host:init` with `module:ready`. */
export const HANDSHAKE_TIMEOUT_MS = 10_000;

/** Why a module frame did not start; shown with a Retry (data-reason on the error state). */
export type HandshakeFailureReason =
  'timeout' | 'refused' | 'invalid_ready' | 'protocol_mismatch' | 'blocked';

/** A failed handshake: its reason and a sentence for the person looking at the page. */
export class HandshakeFailure extends Error {
  override readonly name = 'HandshakeFailure';

  constructor(
    readonly reason: HandshakeFailureReason,
    message: string,
  ) {
    super(message);
  }
}

/** The handshake's first message: the protocol, the module, the workspace and the page path. */
export function hostInitOf(
  runtime: Pick<ModuleRuntimeConfig, 'module_key' | 'workspace_id'>,
  path: string,
): HostInitMessage {
  return {
    type: 'host:init',
    protocol_version: BRIDGE_PROTOCOL_VERSION,
    module_key: runtime.module_key,
    workspace_id: runtime.workspace_id,
    path,
  };
}

const majorOf = (version: string) => version.split('.')[0];

/**
 * Checks the module's answer to `host:init`: a valid `module:ready` of the same major protocol
 * version, else the failure (fail closed: the frame is not shown).
 */
export function readyFailure(raw: unknown): HandshakeFailure | null {
  const ready = moduleReadyMessageSchema.safeParse(raw);
  if (!ready.success) {
    return new HandshakeFailure(
      'invalid_ready',
      'The module answered the handshake with something other than module:ready.',
    );
  }
  if (majorOf(ready.data.protocol_version) !== majorOf(BRIDGE_PROTOCOL_VERSION)) {
    return new HandshakeFailure(
      'protocol_mismatch',
      `The module speaks bridge protocol ${ready.data.protocol_version}; this shell speaks ${BRIDGE_PROTOCOL_VERSION}.`,
    );
  }
  return null;
}

import { CallOptions, connect, PenpalError, WindowMessenger } from 'penpal';
import { BRIDGE_METHOD, type HostInitMessage, type HostMessage } from '@aiconnected/sdk-contracts';
import { HandshakeFailure, readyFailure } from './module-handshake';

type ModuleMethods = { [BRIDGE_METHOD]: (message: HostInitMessage) => unknown };

export interface ModuleFrameConnection {
  /** Resolves once the module answered `host:init` with `module:ready`; else a HandshakeFailure. */
  ready: Promise<void>;
  destroy: () => void;
}

/**
 * Connects the shell to a module frame over penpal: messages are accepted only from
 * `frameWindow` and only from `origin` (the module's entry origin); the module's requests go to
 * `answer`. The whole handshake (the frame loading, penpal connecting, `host:init` answered
 * with a valid `module:ready`) must finish within `timeoutMs`.
 */
export function connectModuleFrame(options: {
  frameWindow: Window;
  origin: string;
  init: HostInitMessage;
  answer: (message: unknown) => Promise<HostMessage>;
  timeoutMs: number;
}): ModuleFrameConnection {
  const deadline = Date.now() + options.timeoutMs;
  const connection = connect<ModuleMethods>({
    messenger: new WindowMessenger({
      remoteWindow: options.frameWindow,
      allowedOrigins: [options.origin],
    }),
    methods: { [BRIDGE_METHOD]: options.answer },
    timeout: options.timeoutMs,
  });
  const ready = (async () => {
    try {
      const remote = await connection.promise;
      const answer = await remote[BRIDGE_METHOD](
        options.init,
        new CallOptions({ timeout: Math.max(1, deadline - Date.now()) }),
      );
      const failure = readyFailure(answer);
      if (failure) throw failure;
    } catch (error) {
      throw handshakeFailureOf(error, options.timeoutMs);
    }
  })();
  return { ready, destroy: () => connection.destroy() };
}

/** The failure a rejected handshake step means. */
export function handshakeFailureOf(error: unknown, timeoutMs: number): HandshakeFailure {
  if (error instanceof HandshakeFailure) return error;
  if (
    error instanceof PenpalError &&
    (error.code === 'CONNECTION_TIMEOUT' || error.code === 'METHOD_CALL_TIMEOUT')
  ) {
    return new HandshakeFailure(
      'timeout',
      `The module did not answer within ${timeoutMs / 1000} seconds. Its interface may be down, or it does not use the shell's bridge.`,
    );
  }
  const detail = error instanceof Error && error.message ? `: ${error.message.slice(0, 200)}` : '';
  return new HandshakeFailure('refused', `The module refused the handshake${detail}.`);
}

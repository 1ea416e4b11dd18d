/// <reference lib="dom" />
import { CallOptions, connect, PenpalError, WindowMessenger } from 'penpal';
import type { RemoteProxy } from 'penpal';
import {
  BRIDGE_MAX_FRAME_SIZE,
  BRIDGE_METHOD,
  BRIDGE_PROTOCOL_VERSION,
  hostMessageSchema,
  moduleMessageSchema,
} from '@aiconnected/sdk-contracts/module-bridge';
import type {
  HostContextMessage,
  HostInitMessage,
  HostMessage,
  HostTokenMessage,
  ModuleMessage,
  ModuleRequest,
} from '@aiconnected/sdk-contracts/module-bridge';
import type { JsonObject } from '@aiconnected/sdk-contracts';
import { observeHeight } from './auto-resize';
import { checkShellOrigins } from './check-shell-origins';
import { ShellBridgeError } from './shell-bridge-error';

export interface ConnectToShellOptions {
  /**
   * The shell origins allowed to host this page, e.g. `['https://app.example.com']`: http(s)
   * origins or RegExps; `'*'`, `''` or a URL with a path is refused (`BRIDGE_INVALID_OPTIONS`).
   */
  shellOrigins: (string | RegExp)[];
  /** Runs on `host:init`, before the module answers `module:ready`. */
  onInit?: (init: HostInitMessage) => void | Promise<void>;
  /** How long the handshake and each request may take (ms); default 10 000. */
  timeoutMs?: number;
}

/** The shell context a module UI may use: non-sensitive user, workspace and theme. */
export type ShellContext = Omit<HostContextMessage, 'type'>;
/** A short-lived token for the module's own backend (verify it with the shell's JWKS). */
export type ShellToken = Omit<HostTokenMessage, 'type'>;

export interface ShellBridge {
  /** What the shell said on connecting: protocol version, module key, workspace id. */
  init: HostInitMessage;
  context(): Promise<ShellContext>;
  settings(): Promise<JsonObject>;
  /** Asks the shell to size the frame; answers the size it took. */
  resize(size: { height: number; width?: number }): Promise<{ height: number; width?: number }>;
  /** Keeps the frame as tall as `element` (default: the document); returns a stop function. */
  autoResize(element?: Element): () => void;
  /** A token for permissions the installation granted to UI tokens; refused otherwise. */
  token(request: { permissions: string[]; ttlSeconds?: number }): Promise<ShellToken>;
  destroy(): void;
}

type ShellMethods = { [BRIDGE_METHOD]: (message: ModuleMessage) => HostMessage };

const DEFAULT_TIMEOUT_MS = 10_000;

function majorOf(version: string): string {
  return version.split('.')[0] ?? '';
}

/**
 * Connects a module page, running in the shell's iframe, to the shell (penpal over
 * postMessage, only with `window.parent` on one of `shellOrigins`). Resolves once the shell
 * sent `host:init` and the module answered `module:ready`; rejects with a `ShellBridgeError`:
 * `BRIDGE_INVALID_OPTIONS` for `shellOrigins` it must not trust (`checkShellOrigins`), before
 * listening; `BRIDGE_TIMEOUT` when no shell does within `timeoutMs`. Every answer is validated against
 * the module-bridge contract; a `host:refusal` rejects with its code.
 */
export async function connectToShell(options: ConnectToShellOptions): Promise<ShellBridge> {
  checkShellOrigins(options.shellOrigins);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let receivedInit: ((init: HostInitMessage) => void) | undefined;
  const initReceived = new Promise<HostInitMessage>((resolve) => (receivedInit = resolve));
  let initialized = false;

  const connection = connect<ShellMethods>({
    messenger: new WindowMessenger({
      remoteWindow: window.parent,
      allowedOrigins: options.shellOrigins,
    }),
    methods: {
      [BRIDGE_METHOD]: async (raw: unknown): Promise<ModuleMessage> => {
        const parsed = hostMessageSchema.safeParse(raw);
        if (!parsed.success || parsed.data.type !== 'host:init' || initialized) {
          throw new ShellBridgeError('BRIDGE_INVALID_MESSAGE', 'Expected one host:init');
        }
        if (majorOf(parsed.data.protocol_version) !== majorOf(BRIDGE_PROTOCOL_VERSION)) {
          throw new ShellBridgeError(
            'BRIDGE_PROTOCOL_MISMATCH',
            `The shell speaks bridge protocol ${parsed.data.protocol_version}; this module speaks ${BRIDGE_PROTOCOL_VERSION}`,
          );
        }
        initialized = true;
        await options.onInit?.(parsed.data);
        receivedInit?.(parsed.data);
        return { type: 'module:ready', protocol_version: BRIDGE_PROTOCOL_VERSION };
      },
    },
    timeout: timeoutMs,
  });

  let remote: RemoteProxy<ShellMethods>;
  let init: HostInitMessage;
  try {
    remote = await connection.promise;
    init = await withTimeout(initReceived, timeoutMs);
  } catch (error) {
    connection.destroy();
    throw toBridgeError(error);
  }

  const request = async <T extends HostMessage['type']>(
    message: ModuleRequest,
    expected: T,
  ): Promise<Extract<HostMessage, { type: T }>> => {
    const checked = moduleMessageSchema.safeParse(message);
    if (!checked.success) {
      throw new ShellBridgeError('BRIDGE_INVALID_MESSAGE', checked.error.issues[0]?.message ?? '');
    }
    let raw: unknown;
    try {
      raw = await remote[BRIDGE_METHOD](checked.data, new CallOptions({ timeout: timeoutMs }));
    } catch (error) {
      throw toBridgeError(error);
    }
    const answer = hostMessageSchema.safeParse(raw);
    if (!answer.success) {
      throw new ShellBridgeError('BRIDGE_INVALID_MESSAGE', 'The shell answered an invalid message');
    }
    if (answer.data.type === 'host:refusal') {
      throw new ShellBridgeError(answer.data.code, answer.data.message);
    }
    if (answer.data.type !== expected) {
      throw new ShellBridgeError('BRIDGE_INVALID_MESSAGE', `Expected ${expected}`);
    }
    return answer.data as Extract<HostMessage, { type: T }>;
  };

  const resize: ShellBridge['resize'] = async ({ height, width }) => {
    const { type: _type, ...size } = await request(
      { type: 'module:request:resize', height, ...(width === undefined ? {} : { width }) },
      'host:resized',
    );
    return size;
  };

  return {
    init,
    context: async () => {
      const { type: _type, ...context } = await request(
        { type: 'module:request:context' },
        'host:context',
      );
      return context;
    },
    settings: async () =>
      (await request({ type: 'module:request:settings' }, 'host:settings')).settings,
    resize,
    autoResize: (element = document.documentElement) =>
      observeHeight(element, (height) => {
        void resize({ height: Math.min(height, BRIDGE_MAX_FRAME_SIZE) }).catch(() => undefined);
      }),
    token: async ({ permissions, ttlSeconds }) => {
      const { type: _type, ...token } = await request(
        {
          type: 'module:request:token',
          permissions,
          ...(ttlSeconds === undefined ? {} : { ttl_seconds: ttlSeconds }),
        },
        'host:token',
      );
      return token;
    },
    destroy: () => connection.destroy(),
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new ShellBridgeError('BRIDGE_TIMEOUT', `No shell answered within ${ms} ms`)),
      ms,
    );
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function toBridgeError(error: unknown): ShellBridgeError {
  if (error instanceof ShellBridgeError) return error;
  if (error instanceof PenpalError) {
    const code =
      error.code === 'CONNECTION_TIMEOUT' || error.code === 'METHOD_CALL_TIMEOUT'
        ? 'BRIDGE_TIMEOUT'
        : error.code === 'CONNECTION_DESTROYED'
          ? 'BRIDGE_CLOSED'
          : 'BRIDGE_INVALID_MESSAGE';
    return new ShellBridgeError(code, error.message);
  }
  return new ShellBridgeError(
    'BRIDGE_INVALID_MESSAGE',
    error instanceof Error ? error.message : String(error),
  );
}

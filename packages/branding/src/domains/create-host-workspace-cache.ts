import { listenChannel, type ChannelListener, type Db, type DbLogger } from '@aiconnected/db';
import { normalizeRequestHost } from './normalize-request-host';
import {
  resolveHostWorkspace,
  type HostWorkspace,
  type ResolveHostOptions,
} from './resolve-host-workspace';

/** The channel migration 029's triggers notify: `host:<host>` or `all`. */
export const HOST_CHANGED_CHANNEL = 'shell_host_changed';

export interface HostWorkspaceCacheOptions extends ResolveHostOptions {
  /** How long an answer is reused (ms) while notifications are proven to arrive; 0: no cache. */
  ttlMs?: number;
  /** Most hosts kept (unknown hosts are kept too, so a flood of made-up names is bounded). */
  maxEntries?: number;
  logger?: DbLogger;
  /** Heartbeat of the notification listener (ms), see `listenChannel`. */
  heartbeatMs?: number;
}

/** `resolveHostWorkspace` with a process-local memory of recent answers. */
export interface HostWorkspaceCache {
  /** The workspace of `host` (a `Host` header), as `resolveHostWorkspace` answers it. */
  resolve(host: string | null | undefined): Promise<HostWorkspace | null>;
  /** Starts listening for migration 029's notifications (answers are kept from then on). */
  listen(): void;
  /** Stops listening and forgets every answer. */
  close(): Promise<void>;
  /** Whether answers are being reused right now. */
  readonly active: boolean;
}

interface Entry {
  value: HostWorkspace | null;
  expiresAt: number;
}

/**
 * A host cache over `db`, like the session cache (docs/identity.md "Session cache") and fail
 * closed the same way: answers are reused only while the listener proves notifications arrive;
 * a notification naming the host (or `all`), a listener state change or the TTL forgets them,
 * and an answer read across an invalidation is not kept.
 */
export function createHostWorkspaceCache(
  db: Pick<Db, 'callService' | 'pool'>,
  options: HostWorkspaceCacheOptions,
): HostWorkspaceCache {
  const ttlMs = options.ttlMs ?? 60_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, Entry>();
  let listener: ChannelListener | undefined;
  let listening = false;
  let epoch = 0;

  const clear = () => {
    epoch += 1;
    entries.clear();
  };
  const invalidate = (payload: string) => {
    epoch += 1;
    if (payload.startsWith('host:')) entries.delete(payload.slice('host:'.length));
    else clear();
  };

  return {
    async resolve(host) {
      const name = normalizeRequestHost(host);
      if (name === null) return null;
      if (ttlMs <= 0 || !listening) return resolveHostWorkspace(db, name, options);
      const cached = entries.get(name);
      if (cached && cached.expiresAt > Date.now()) return cached.value;
      const readAt = epoch;
      const value = await resolveHostWorkspace(db, name, options);
      if (listening && epoch === readAt) {
        // Bounded: starting over is cheaper than tracking recency, and never wrong.
        if (entries.size >= maxEntries) entries.clear();
        entries.set(name, { value: value && Object.freeze(value), expiresAt: Date.now() + ttlMs });
      }
      return value;
    },
    listen() {
      if (ttlMs <= 0 || listener) return;
      listener = listenChannel(
        db,
        HOST_CHANGED_CHANNEL,
        {
          onMessage: invalidate,
          onState(next) {
            clear();
            listening = next;
          },
        },
        {
          logger: options.logger,
          heartbeatMs: options.heartbeatMs,
          applicationName: 'aiconnected-host-cache',
        },
      );
    },
    async close() {
      const current = listener;
      listener = undefined;
      listening = false;
      clear();
      await current?.close();
    },
    get active() {
      return listening;
    },
  };
}

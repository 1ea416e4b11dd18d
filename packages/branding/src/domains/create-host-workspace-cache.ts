import { createNotifiedCache, type ChannelHub, type Db, type DbLogger } from '@aiconnected/db';
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
  /** Most known hosts kept (least recently used go first). Default 10,000. */
  maxEntries?: number;
  /** Most unknown hosts kept, apart from the known ones. Default 1,000. */
  maxUnknown?: number;
  /** How long "no workspace serves this host" is reused (ms). Default 10 s. */
  unknownTtlMs?: number;
  logger?: DbLogger;
  /** Heartbeat of the notification listener (ms), see `createChannelHub`. */
  heartbeatMs?: number;
  /** The process's shared listener (`createChannelHub`). */
  hub: ChannelHub;
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

/**
 * A host cache over `db` (`createNotifiedCache`), fail closed like the session cache
 * (docs/identity.md "Session cache"): answers are reused only while the listener proves
 * notifications arrive; a notification naming the host (or `all`), a listener state change or
 * the TTL forgets them, and an answer read across an invalidation is not kept. Unknown hosts
 * are kept apart (`maxUnknown`, `unknownTtlMs`), so made-up `Host` names cost one query each
 * at most per TTL and never evict the real tenants' hosts.
 */
export function createHostWorkspaceCache(
  db: Pick<Db, 'callService' | 'pool'>,
  options: HostWorkspaceCacheOptions,
): HostWorkspaceCache {
  const cache = createNotifiedCache<HostWorkspace | null>({
    channel: HOST_CHANGED_CHANNEL,
    ttlMs: options.ttlMs,
    maxEntries: options.maxEntries,
    isMiss: (value) => value === null,
    maxMisses: options.maxUnknown,
    missTtlMs: options.unknownTtlMs,
    forgets: (payload, host) => !payload.startsWith('host:') || payload === `host:${host}`,
    logger: options.logger,
    heartbeatMs: options.heartbeatMs,
    hub: options.hub,
  });

  return {
    async resolve(host) {
      const name = normalizeRequestHost(host);
      if (name === null) return null;
      return cache.get(name, async () => {
        const value = await resolveHostWorkspace(db, name, options);
        return value && Object.freeze(value);
      });
    },
    listen: () => cache.listen(),
    close: () => cache.close(),
    get active() {
      return cache.active;
    },
  };
}

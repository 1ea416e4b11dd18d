import { listenChannel, type ChannelListener, type Db, type DbLogger } from '@aiconnected/db';
import type { SignInBranding } from '@aiconnected/sdk-contracts';
import type { HostWorkspace } from '../domains';
import { getSignInBranding } from './get-sign-in-branding';

/** The channel migration 031's trigger notifies (payload: the workspace id) on every save. */
export const LOGIN_SCREEN_CHANGED_CHANNEL = 'shell_login_screen_changed';

export interface SignInBrandingCacheOptions {
  /** The workspace of a request's `Host` (the process's host cache, `createHostWorkspaceCache`). */
  resolveHost: (host: string | null | undefined) => Promise<HostWorkspace | null>;
  /**
   * How long an answer is reused (ms) while notifications are proven to arrive; 0: no cache.
   * Saves are notified; this bounds what is not (a workspace renamed, a logo's asset removed).
   */
  ttlMs?: number;
  logger?: DbLogger;
  /** Heartbeat of the notification listener (ms), see `listenChannel`. */
  heartbeatMs?: number;
}

/** `getSignInBranding` with a process-local memory per workspace. */
export interface SignInBrandingCache {
  /**
   * The branding of the sign-in page served for `host` (a `Host` header): its workspace's, or
   * the super baseline for the platform host and any host that maps to no workspace.
   */
  forHost(host: string | null | undefined): Promise<SignInBranding>;
  /** Starts listening for migration 031's notifications (answers are kept from then on). */
  listen(): void;
  /** Stops listening and forgets every answer. */
  close(): Promise<void>;
  /** Whether answers are being reused right now. */
  readonly active: boolean;
}

interface Entry {
  value: SignInBranding;
  expiresAt: number;
}

/**
 * A sign-in branding cache over `db`, fail closed like the session and host caches: answers
 * are reused only while the listener proves notifications arrive; any save (a parent's change
 * reaches its descendants, so every entry goes), a listener state change or the TTL forgets
 * them, and an answer read across an invalidation is not kept. Entries are per workspace (a
 * few per tenant), so the map stays small.
 */
export function createSignInBrandingCache(
  db: Pick<Db, 'withService' | 'pool'>,
  options: SignInBrandingCacheOptions,
): SignInBrandingCache {
  const ttlMs = options.ttlMs ?? 60_000;
  const entries = new Map<string, Entry>();
  let listener: ChannelListener | undefined;
  let listening = false;
  let epoch = 0;
  const clear = () => {
    epoch += 1;
    entries.clear();
  };

  return {
    async forHost(name) {
      const host = await options.resolveHost(name);
      if (ttlMs <= 0 || !listening) return getSignInBranding(db, host);
      const key = host === null ? 'platform' : `${host.kind}:${host.workspace_id}`;
      const cached = entries.get(key);
      if (cached && cached.expiresAt > Date.now()) return cached.value;
      const readAt = epoch;
      const value = await getSignInBranding(db, host);
      if (listening && epoch === readAt) {
        entries.set(key, { value: Object.freeze(value), expiresAt: Date.now() + ttlMs });
      }
      return value;
    },
    listen() {
      if (ttlMs <= 0 || listener) return;
      listener = listenChannel(
        db,
        LOGIN_SCREEN_CHANGED_CHANNEL,
        {
          onMessage: clear,
          onState(next) {
            clear();
            listening = next;
          },
        },
        {
          logger: options.logger,
          heartbeatMs: options.heartbeatMs,
          applicationName: 'aiconnected-sign-in-branding-cache',
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
      return ttlMs > 0 && listening;
    },
  };
}

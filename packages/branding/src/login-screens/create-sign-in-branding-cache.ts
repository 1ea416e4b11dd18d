import { createNotifiedCache, type ChannelHub, type Db, type DbLogger } from '@aiconnected/db';
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
  /** Heartbeat of the notification listener (ms), see `createChannelHub`. */
  heartbeatMs?: number;
  /** The process's shared listener (`createChannelHub`). */
  hub: ChannelHub;
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

/**
 * A sign-in branding cache over `db` (`createNotifiedCache`), fail closed like the session and
 * host caches: answers are reused only while the listener proves notifications arrive; any
 * save (a parent's change reaches its descendants, so every entry goes), a listener state
 * change or the TTL forgets them, and an answer read across an invalidation is not kept.
 * Entries are per workspace (a few per tenant).
 */
export function createSignInBrandingCache(
  db: Pick<Db, 'withService' | 'pool'>,
  options: SignInBrandingCacheOptions,
): SignInBrandingCache {
  const cache = createNotifiedCache<SignInBranding>({
    channel: LOGIN_SCREEN_CHANGED_CHANNEL,
    ttlMs: options.ttlMs,
    logger: options.logger,
    heartbeatMs: options.heartbeatMs,
    hub: options.hub,
  });

  return {
    async forHost(name) {
      const host = await options.resolveHost(name);
      const key = host === null ? 'platform' : `${host.kind}:${host.workspace_id}`;
      return cache.get(key, async () => Object.freeze(await getSignInBranding(db, host)));
    },
    listen: () => cache.listen(),
    close: () => cache.close(),
    get active() {
      return cache.active;
    },
  };
}

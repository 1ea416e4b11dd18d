import {
  createNotifiedCache,
  type ChannelHub,
  type ChannelSubscriptionOptions,
  type Db,
  type DbLogger,
} from '@aiconnected/db';
import { readModuleSnapshot, type ModuleSnapshot } from './module-snapshot';
import { snapshotBytes } from './snapshot-bytes';

/** The channel migration 037's triggers notify: `workspace:<id>` or `all`. */
export const MODULES_CHANGED_CHANNEL = 'shell_modules_changed';

/** Migration 037's triggers (five on changed rows, five on truncate), enabled. */
const NOTIFY_TRIGGERS = `select count(*)::int as enabled from pg_catalog.pg_trigger
  where not tgisinternal and tgenabled in ('O', 'A') and tgname like '%notify\\_module\\_cache'`;
const NOTIFY_TRIGGER_COUNT = 10;

/**
 * Refuses to listen (so to cache) on a database whose changes would notify nobody: run on each
 * (re)connect and at every heartbeat, as the session cache's check of migration 027's triggers.
 */
type ListenerClient = Parameters<NonNullable<ChannelSubscriptionOptions['verify']>>[0];

async function verifyNotifyTriggers(client: ListenerClient): Promise<void> {
  const { rows } = await client.query<{ enabled: number }>(NOTIFY_TRIGGERS);
  if (rows[0]?.enabled !== NOTIFY_TRIGGER_COUNT) {
    throw new Error(
      `module snapshot cache off: ${rows[0]?.enabled ?? 0} of migration 037's ${NOTIFY_TRIGGER_COUNT} notify triggers are enabled`,
    );
  }
}

/** Default bound of the kept snapshots together: 64 MiB of their JSON. */
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

export interface ModuleSnapshotCacheOptions {
  /** How long a snapshot is reused (ms) while notifications are proven to arrive; 0: never. */
  ttlMs?: number;
  /** Most workspaces kept. */
  maxEntries?: number;
  /** Most bytes the kept snapshots weigh together (their JSON, `snapshotBytes`). Default 64 MiB. */
  maxBytes?: number;
  logger?: DbLogger;
  /** Heartbeat of the notification listener (ms), see `createChannelHub`. */
  heartbeatMs?: number;
  /** The process's shared listener (`createChannelHub`). */
  hub: ChannelHub;
}

/** Each workspace's module snapshot (`readModuleSnapshot`), with a process-local memory. */
export interface ModuleSnapshotCache {
  /** The snapshot of `workspaceId`: kept while trusted, else read (as the service) and kept. */
  snapshotOf(workspaceId: string): Promise<ModuleSnapshot>;
  /** Forgets every snapshot: after this process changed anything they are read from. */
  clear(): void;
  /** Starts listening for migration 037's notifications (snapshots are kept from then on). */
  listen(): void;
  /** Stops listening and forgets every snapshot. */
  close(): Promise<void>;
  /** Whether snapshots are being reused right now. */
  readonly active: boolean;
}

/**
 * The per-process cache of the layout's navigation and the module page lookup
 * (docs/modules.md "Navigation and page lookup cache"), fail closed like the session, host and
 * theme caches: a snapshot is reused only while the listener proves notifications arrive and
 * migration 037's triggers are enabled; `workspace:<id>` forgets the snapshot of that
 * workspace and of its child businesses (whose billing falls back on its account), `all` (or
 * anything else) every snapshot, and a snapshot read across an invalidation is not kept. A
 * snapshot whose paid modules depend on a running grace period (which ends with no write) is
 * never kept. Keyed by workspace only: it holds nothing of any caller; callers check access.
 */
export function createModuleSnapshotCache(
  db: Pick<Db, 'withService' | 'pool'>,
  options: ModuleSnapshotCacheOptions,
): ModuleSnapshotCache {
  const cache = createNotifiedCache<ModuleSnapshot>({
    channel: MODULES_CHANGED_CHANNEL,
    ttlMs: options.ttlMs ?? 60_000,
    maxEntries: options.maxEntries,
    maxSize: options.maxBytes ?? DEFAULT_MAX_BYTES,
    sizeOf: snapshotBytes,
    forgets: (payload, key, snapshot) => {
      if (!payload.startsWith('workspace:')) return true;
      const id = payload.slice('workspace:'.length);
      return key === id || snapshot.parentWorkspaceId === id;
    },
    // Kept apart as a "miss" with no lifetime: never kept at all.
    isMiss: (snapshot) => snapshot.entitlement?.state === 'grace',
    missTtlMs: 0,
    logger: options.logger,
    heartbeatMs: options.heartbeatMs,
    verify: verifyNotifyTriggers,
    hub: options.hub,
  });
  return {
    snapshotOf: (workspaceId) =>
      cache.get(workspaceId, () =>
        db.withService('modules: read a workspace module snapshot for the cache', (tx) =>
          readModuleSnapshot(tx, workspaceId),
        ),
      ),
    clear: () => cache.clear(),
    listen: () => cache.listen(),
    close: () => cache.close(),
    get active() {
      return cache.active;
    },
  };
}

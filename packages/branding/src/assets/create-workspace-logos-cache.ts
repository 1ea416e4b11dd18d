import { createNotifiedCache, type ChannelHub, type Db, type DbLogger } from '@aiconnected/db';
import { BRANDING_ASSET_CHANGED_CHANNEL } from './notify-branding-asset-change';
import { readEffectiveBrandingAssets } from './read-effective-branding-assets';

/** The file URLs a workspace's pages show: its effective logos and favicon, or null each. */
export interface WorkspaceLogos {
  light: string | null;
  dark: string | null;
  favicon: string | null;
}

export interface WorkspaceLogosCacheOptions {
  /** How long an answer is reused (ms) while notifications are proven to arrive; 0: never. */
  ttlMs?: number;
  logger?: DbLogger;
  /** Heartbeat of the notification listener (ms), see `createChannelHub`. */
  heartbeatMs?: number;
  /** The process's shared listener (`createChannelHub`). */
  hub: ChannelHub;
}

/** The effective logos of a workspace, with a process-local memory. */
export interface WorkspaceLogosCache {
  /** Its own active logo, logo_dark and favicon, else its agency's, else the platform's. */
  logosOf(workspaceId: string): Promise<WorkspaceLogos>;
  /** Starts listening for asset activations (answers are kept from then on). */
  listen(): void;
  /** Stops listening and forgets every answer. */
  close(): Promise<void>;
  /** Whether answers are being reused right now. */
  readonly active: boolean;
}

/**
 * The header logos of every signed-in page, read once per workspace instead of per page
 * (`readEffectiveBrandingAssets`), fail closed like the theme and host caches: reused only
 * while the listener proves notifications arrive; an activation or deactivation anywhere
 * (`notifyBrandingAssetChange`: it may reach the workspace's descendants, so every entry
 * goes), a listener state change or the TTL forgets them. Callers ask only for the visitor's
 * active workspace, whose logos it shows anyway.
 */
export function createWorkspaceLogosCache(
  db: Pick<Db, 'withService' | 'pool'>,
  options: WorkspaceLogosCacheOptions,
): WorkspaceLogosCache {
  const cache = createNotifiedCache<WorkspaceLogos>({
    channel: BRANDING_ASSET_CHANGED_CHANNEL,
    ttlMs: options.ttlMs ?? 60_000,
    logger: options.logger,
    heartbeatMs: options.heartbeatMs,
    hub: options.hub,
  });
  const load = (workspaceId: string) =>
    db.withService('branding: the header logos of a workspace', async (tx) => {
      const effective = await readEffectiveBrandingAssets(tx, workspaceId);
      return Object.freeze({
        light: effective.logo?.asset.url ?? null,
        dark: effective.logo_dark?.asset.url ?? null,
        favicon: effective.favicon?.asset.url ?? null,
      });
    });
  return {
    logosOf: (workspaceId) => cache.get(workspaceId, () => load(workspaceId)),
    listen: () => cache.listen(),
    close: () => cache.close(),
    get active() {
      return cache.active;
    },
  };
}

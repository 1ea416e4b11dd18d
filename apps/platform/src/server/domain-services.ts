import {
  createHostWorkspaceCache,
  startDomainChecker,
  type HostWorkspaceCache,
} from '@aiconnected/branding';
import type { ChannelHub, Db } from '@aiconnected/db';
import type { Env } from '@/env';
import type { Logger } from './logger';

/** The custom-domain services of a process with a database (docs/domains.md). */
export interface DomainServices {
  /** Which workspace a request's host belongs to, cached (migration 029's NOTIFY). */
  hostWorkspaces: HostWorkspaceCache;
  /** Stops the background checker (after its current round) and the host cache's listening. */
  close(): Promise<void>;
}

/**
 * Starts the host cache and, unless `DOMAIN_CHECK_INTERVAL_MS` is 0, the background domain
 * checker (expired claims released, pending domains with backoff, verified ones daily, history
 * purge). Every process runs one; they never check the same domain twice (SKIP LOCKED lease).
 */
export function startDomainServices(
  db: Db,
  environment: Env,
  logger: Logger,
  hub: ChannelHub,
): DomainServices {
  const platformRoot = environment.PLATFORM_CUSTOM_DOMAIN_ROOT.toLowerCase().replace(/^\./, '');
  // The product's own hosts are never a workspace's, whatever slug a tenant's name gave it.
  const ownHosts = [
    environment.PLATFORM_PUBLIC_BASE_URL,
    ...environment.PLATFORM_ALLOWED_ORIGINS,
  ].map((url) => new URL(url).hostname.toLowerCase());
  const hostWorkspaces = createHostWorkspaceCache(db, { platformRoot, ownHosts, logger, hub });
  hostWorkspaces.listen();
  const checker =
    environment.DOMAIN_CHECK_INTERVAL_MS > 0
      ? startDomainChecker(db, {
          resolver: { servers: environment.DNS_RESOLVER_SERVERS, timeoutMs: 3000 },
          claimTtlDays: environment.DOMAIN_CLAIM_TTL_DAYS,
          intervalMs: environment.DOMAIN_CHECK_INTERVAL_MS,
          logger,
        })
      : null;
  return {
    hostWorkspaces,
    async close() {
      await checker?.stop();
      await hostWorkspaces.close();
    },
  };
}

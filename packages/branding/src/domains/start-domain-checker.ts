import type { Db, DbLogger } from '@aiconnected/db';
import { startBackgroundRounds, type BackgroundRounds } from '../start-background-rounds';
import { checkDueDomains, type CheckDueDomainsOptions } from './check-due-domains';

export interface DomainCheckerOptions extends CheckDueDomainsOptions {
  /** Pause between rounds (ms). Default 60 s. */
  intervalMs?: number;
  logger?: DbLogger;
}

/** A running background checker. */
export type DomainChecker = BackgroundRounds;

/**
 * Runs `checkDueDomains` every `intervalMs` in this process (the runtime starts it, and stops
 * it on close). Several processes may run it: the claim's SKIP LOCKED and lease keep them off
 * each other's domains. Deliberately small: issue 12's Postgres job queue will replace it.
 */
export function startDomainChecker(db: Db, options: DomainCheckerOptions): DomainChecker {
  return startBackgroundRounds(() => checkDueDomains(db, options), {
    intervalMs: options.intervalMs ?? 60_000,
    name: 'domain checker',
    logger: options.logger,
  });
}

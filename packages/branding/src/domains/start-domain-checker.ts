import type { Db, DbLogger } from '@aiconnected/db';
import { checkDueDomains, type CheckDueDomainsOptions } from './check-due-domains';

export interface DomainCheckerOptions extends CheckDueDomainsOptions {
  /** Pause between rounds (ms). Default 60 s. */
  intervalMs?: number;
  logger?: DbLogger;
}

/** A running background checker. */
export interface DomainChecker {
  /** Stops scheduling rounds and waits for the current one to finish. */
  stop(): Promise<void>;
}

/**
 * Runs `checkDueDomains` every `intervalMs` in this process (the runtime starts it, and stops
 * it on close). Several processes may run it: the claim's SKIP LOCKED and lease keep them off
 * each other's domains. Deliberately small: issue 12's Postgres job queue will replace it.
 */
export function startDomainChecker(db: Db, options: DomainCheckerOptions): DomainChecker {
  const intervalMs = options.intervalMs ?? 60_000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const round = () => {
    running = checkDueDomains(db, options).then(
      () => undefined,
      (error: unknown) => {
        // A failed round (database down, a bug) is retried next round; the process keeps serving.
        options.logger?.warn?.({ err: error }, 'domain checker round failed');
      },
    );
    // Never rejects (the failure is logged above); the next round is scheduled after it.
    void running.then(schedule);
  };
  function schedule() {
    if (stopped) return;
    // Unref'd: the checker never keeps a process alive on its own.
    timer = setTimeout(round, intervalMs).unref();
  }
  schedule();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

import type { DbLogger } from '@aiconnected/db';

export interface BackgroundRoundsOptions {
  /** Pause between the end of one round and the start of the next (ms). */
  intervalMs: number;
  /** Names the loop in the warning a failed round logs. */
  name: string;
  logger?: DbLogger;
}

/** A running loop of background rounds. */
export interface BackgroundRounds {
  /** Stops scheduling rounds and waits for the current one to finish. */
  stop(): Promise<void>;
}

/**
 * Runs `round` every `intervalMs` in this process, one round at a time (the next is scheduled
 * after the current one ends), until stopped. A failed round (database down, a bug) is logged
 * and retried next round; the process keeps serving. The timer is unref'd: the loop never keeps
 * a process alive on its own. Deliberately small: issue 12's Postgres job queue will replace it.
 */
export function startBackgroundRounds(
  round: () => Promise<unknown>,
  options: BackgroundRoundsOptions,
): BackgroundRounds {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const run = () => {
    running = round().then(
      () => undefined,
      (error: unknown) => {
        options.logger?.warn?.({ err: error }, `${options.name} round failed`);
      },
    );
    // Never rejects (the failure is logged above); the next round is scheduled after it.
    void running.then(schedule);
  };
  function schedule() {
    if (stopped) return;
    timer = setTimeout(run, options.intervalMs).unref();
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

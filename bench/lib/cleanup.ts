/** Undo steps, run newest first: the server stops before the database it uses goes away. */
export interface Cleanup {
  /** Registers an undo step for something the bench just created. */
  add(label: string, step: () => Promise<void> | void): void;
  /** Runs every registered step once (later calls wait for the same run); never throws. */
  run(): Promise<void>;
}

/**
 * A cleanup stack that also runs on Ctrl+C and SIGTERM (then exits 130/143), so neither a
 * failure nor an interrupted run leaves a server, a database or a temp cluster behind.
 */
export function createCleanup(): Cleanup {
  const steps: { label: string; step: () => Promise<void> | void }[] = [];
  let running: Promise<void> | undefined;

  const run = () => {
    running ??= (async () => {
      for (const { label, step } of steps.reverse()) {
        try {
          await step();
        } catch (error) {
          console.error(
            `  cleanup "${label}" failed: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
    })();
    return running;
  };

  // `on`, not `once`: Ctrl+C reaches both tsx and this process, and tsx relays it, so the
  // signal can arrive twice; a second one must not kill the process mid-cleanup.
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals, code: number) => {
    if (signalled) return;
    signalled = true;
    console.error(`\n• ${signal}: cleaning up…`);
    void run().finally(() => process.exit(code));
  };
  process.on('SIGINT', () => onSignal('SIGINT', 130));
  process.on('SIGTERM', () => onSignal('SIGTERM', 143));

  return { add: (label, step) => void steps.push({ label, step }), run };
}

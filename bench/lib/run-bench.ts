import { createCleanup, type Cleanup } from './cleanup';
import { describeMachine, type MachineDescription } from './describe-machine';
import { inheritedEnvironment, readBenchEnv, type BenchEnv } from './env';

/** What every bench starts from. */
export interface BenchRun {
  settings: BenchEnv;
  /** The environment handed to the servers and builds the bench starts. */
  environment: NodeJS.ProcessEnv;
  /** Undo steps; they run when the bench ends, however it ends. */
  cleanup: Cleanup;
  startedAt: Date;
  machine: MachineDescription & { busy: boolean };
}

/**
 * Runs one bench: reads its settings, warns when other work keeps the machine busy, runs
 * `body`, always runs the cleanup, and exits with the body's code (1 after an error, printed
 * as one line).
 */
export function runBench(body: (run: BenchRun) => Promise<number>): void {
  const machine = describeMachine();
  const run: BenchRun = {
    settings: readBenchEnv(),
    environment: inheritedEnvironment(),
    cleanup: createCleanup(),
    startedAt: new Date(),
    machine,
  };
  if (machine.busy) {
    console.warn(
      `! Load average ${machine.loadAverageAtStart} on ${machine.cpus} cores: other work is running, numbers will be skewed.`,
    );
  }
  body(run)
    .finally(() => run.cleanup.run())
    .then(
      (code) => process.exit(code),
      (error: unknown) => {
        console.error(`\n✖ ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
}

import { cpus, loadavg, release, totalmem } from 'node:os';

/** The machine a run measured, stored with its results. */
export interface MachineDescription {
  cpus: number;
  cpuModel: string;
  memoryMiB: number;
  kernel: string;
  node: string;
  /** 1-minute load average when the run started: other work skews every number. */
  loadAverageAtStart: number;
}

/** Describes this machine; `busy` when other processes already keep its CPUs occupied. */
export function describeMachine(): MachineDescription & { busy: boolean } {
  const cores = cpus();
  const load = loadavg()[0] ?? 0;
  return {
    cpus: cores.length,
    cpuModel: cores[0]?.model ?? 'unknown',
    memoryMiB: Math.round(totalmem() / 2 ** 20),
    kernel: release(),
    node: process.version,
    loadAverageAtStart: Number(load.toFixed(2)),
    // The bench needs every core for server, Postgres and load generator together.
    busy: load > 0.5 * cores.length,
  };
}

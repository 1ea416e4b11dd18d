import { readdirSync, readFileSync } from 'node:fs';

/** Linux's USER_HZ: /proc reports CPU time in these ticks (100 on every mainstream build). */
const TICKS_PER_SECOND = 100;
const TICK_MS = 1000 / TICKS_PER_SECOND;

/** CPU time in milliseconds spent by each part of the machine between start and stop. */
export interface CpuSplit {
  /** The server under load and every process of its group. */
  serverMs: number;
  /** The Postgres processes serving the bench's database. */
  postgresMs: number;
  /** A module target behind the server (its own process group), when the run has one. */
  targetMs?: number;
  /** This process: autocannon and the bench. */
  loadGeneratorMs: number;
  /** Everything else: work that does not belong to the run and skews it. */
  otherMs: number;
}

/** The fields after "pid (comm) ", from state on: pgrp is [2], utime [11], stime [12]. */
function statFields(pid: string | number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null; // exited, or not on this machine
  }
}

const cpuTicks = (fields: string[]) => Number(fields[11]) + Number(fields[12]);

/** Busy ticks of all CPUs (user, nice, system, irq, softirq, steal) from /proc/stat. */
function machineBusyTicks(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return user + nice + system + irq + softirq + steal;
}

function groupTicks(pgid: number): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(entry);
    if (fields && Number(fields[2]) === pgid) total += cpuTicks(fields);
  }
  return total;
}

function ticksByPid(pids: readonly number[]): Map<number, number> {
  const ticks = new Map<number, number>();
  for (const pid of pids) {
    const fields = statFields(pid);
    if (fields) ticks.set(pid, cpuTicks(fields));
  }
  return ticks;
}

function selfMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Starts measuring where CPU time goes while a scenario runs (Linux /proc): the server's
 * process group, the Postgres processes listed by `listPostgres` (listed again at the end,
 * so backends opened meanwhile count from zero), this process, the process group `targetPgid`
 * when given (a module the server forwards to), and the rest of the machine.
 */
export async function startCpuAccounting(
  serverPgid: number,
  listPostgres: () => Promise<number[]>,
  targetPgid?: number,
): Promise<() => Promise<CpuSplit>> {
  const postgresBefore = ticksByPid(await listPostgres());
  const targetTicks = () => (targetPgid === undefined ? 0 : groupTicks(targetPgid));
  const before = {
    machine: machineBusyTicks(),
    server: groupTicks(serverPgid),
    target: targetTicks(),
    self: selfMs(),
  };
  return async () => {
    const after = {
      machine: machineBusyTicks(),
      server: groupTicks(serverPgid),
      target: targetTicks(),
      self: selfMs(),
    };
    let postgresTicks = 0;
    for (const [pid, ticks] of ticksByPid(await listPostgres())) {
      postgresTicks += ticks - (postgresBefore.get(pid) ?? 0);
    }
    const machineMs = (after.machine - before.machine) * TICK_MS;
    const serverMs = (after.server - before.server) * TICK_MS;
    const postgresMs = postgresTicks * TICK_MS;
    const targetMs = (after.target - before.target) * TICK_MS;
    const loadGeneratorMs = after.self - before.self;
    const otherMs = Math.max(0, machineMs - serverMs - postgresMs - targetMs - loadGeneratorMs);
    return {
      serverMs,
      postgresMs,
      ...(targetPgid === undefined ? {} : { targetMs }),
      loadGeneratorMs,
      otherMs,
    };
  };
}

import type { ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

const POLL_MS = 100;

/**
 * The live processes of process group `pgid` (a detached child leads its own group), read from
 * /proc. Zombies are left out: they are already dead, only not yet reaped by their parent.
 */
export function listGroupProcesses(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // ended while we looked
    }
    // "pid (comm) state ppid pgrp ...": comm may contain spaces and parentheses.
    const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (state !== 'Z' && Number(group) === pgid) members.push(Number(entry));
  }
  return members;
}

/**
 * Stops a detached child and everything it started (a server and its workers): SIGTERM
 * to the whole process group, SIGKILL when it has not ended within `graceMs`. Resolves once no
 * process of the group is left; rejects if some survive even SIGKILL.
 */
export async function stopProcessGroup(child: ChildProcess, graceMs = 10_000): Promise<void> {
  const { pid } = child;
  if (pid === undefined) return;
  signalGroup(pid, 'SIGTERM');
  const killAt = Date.now() + graceMs;
  const giveUpAt = killAt + 5_000;
  while (listGroupProcesses(pid).length > 0) {
    if (Date.now() > giveUpAt) {
      throw new Error(
        `processes ${listGroupProcesses(pid).join(', ')} of group ${pid} survived SIGKILL`,
      );
    }
    if (Date.now() > killAt) signalGroup(pid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group has already gone.
  }
}

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The parts of a V8 `.cpuprofile` (node --cpu-prof) this summary reads. */
interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
  }[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time (ms) of one function or one part of the code. */
export interface ProfileShare {
  name: string;
  ms: number;
  /** Of the busy time (everything but `(idle)`). */
  share: number;
}

export interface ProfileSummary {
  files: string[];
  /** Sampled time that was not `(idle)`. */
  busyMs: number;
  /** Self time by where the code lives (a package, Node's internals, GC, the native program). */
  byPart: ProfileShare[];
  /** The functions with the most self time. */
  topFunctions: ProfileShare[];
}

/** Where a function's code lives: a workspace package, an npm package, Node, V8. */
function partOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : `(native) ${functionName}`;
  if (url.startsWith('node:')) return 'node internals';
  const npm = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
  if (npm !== undefined && !npm.startsWith('@aiconnected/')) return npm;
  const workspace = /\/(packages|apps|examples)\/((?:modules\/)?[^/]+)\//.exec(url);
  if (workspace) return `${workspace[1]}/${workspace[2]}`;
  return url.replace(/^file:\/\//, '');
}

function shares(totals: Map<string, number>, busyMs: number, limit: number): ProfileShare[] {
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([name, ms]) => ({ name, ms, share: busyMs > 0 ? ms / busyMs : 0 }));
}

/**
 * Adds up the self time of every `.cpuprofile` in `dir` (one per process `node --cpu-prof`
 * wrote there) by part of the code and by function, `(idle)` left out of the busy time.
 */
export function summarizeCpuProfiles(dir: string, limit = 15): ProfileSummary {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => path.join(dir, name));
  const byPart = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busyMs = 0;
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    const nodes = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
    profile.samples.forEach((id, index) => {
      const frame = nodes.get(id);
      const ms = (profile.timeDeltas[index] ?? 0) / 1000;
      if (!frame || frame.functionName === '(idle)') return;
      busyMs += ms;
      const part = partOf(frame.url, frame.functionName);
      byPart.set(part, (byPart.get(part) ?? 0) + ms);
      const where = frame.url === '' ? '' : ` ${path.basename(frame.url)}:${frame.lineNumber + 1}`;
      const name = `${frame.functionName || '(anonymous)'}${where} [${part}]`;
      byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
    });
  }
  return {
    files,
    busyMs,
    byPart: shares(byPart, busyMs, limit),
    topFunctions: shares(byFunction, busyMs, limit),
  };
}

/** Prints a summary as two short lists. */
export function printCpuProfileSummary(label: string, summary: ProfileSummary): void {
  const line = (share: ProfileShare) =>
    `    ${(share.share * 100).toFixed(1).padStart(5)}%  ${share.ms.toFixed(0).padStart(6)} ms  ${share.name}`;
  console.log(
    `\n${label}: ${summary.busyMs.toFixed(0)} ms busy in ${summary.files.length} profile(s)`,
  );
  console.log('  self time by part:');
  for (const share of summary.byPart) console.log(line(share));
  console.log('  functions with the most self time:');
  for (const share of summary.topFunctions) console.log(line(share));
}

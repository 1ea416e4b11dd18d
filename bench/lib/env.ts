/**
 * The benchmark's settings: the only place under bench/ that reads `process.env`.
 * Everything is optional; the defaults are the ones the speed targets are stated for.
 */
export interface BenchEnv {
  /** A Postgres server to create the throwaway database on; null starts embedded Postgres. */
  databaseUrl: string | null;
  /** Seconds each measured scenario runs (after its warm-up). */
  durationSeconds: number;
  /** Seconds of unmeasured load before each scenario, so the JIT and the pool are warm. */
  warmupSeconds: number;
  /** The demo users' password, as `npm start` seeds it. */
  demoPassword: string;
}

function positiveNumber(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${name} must be a positive number, got "${raw}"`);
  }
  return value;
}

/** Reads and checks the settings (`DATABASE_URL`, `BENCH_DURATION`, `BENCH_WARMUP`, `DEMO_PASSWORD`). */
export function readBenchEnv(source: NodeJS.ProcessEnv = process.env): BenchEnv {
  const url = source.DATABASE_URL?.trim() || null;
  if (url !== null && !/^postgres(ql)?:\/\//.test(url)) {
    throw new Error('DATABASE_URL must be a postgres:// URL (or unset, for embedded Postgres)');
  }
  return {
    databaseUrl: url,
    durationSeconds: positiveNumber('BENCH_DURATION', source.BENCH_DURATION, 10),
    warmupSeconds: positiveNumber('BENCH_WARMUP', source.BENCH_WARMUP, 3),
    demoPassword: source.DEMO_PASSWORD?.trim() || 'ChangeMe-demo-2026',
  };
}

/**
 * The environment the app server inherits (PATH, HOME, ...) minus the variables the bench
 * sets itself, so a developer's shell cannot point the server at another database or port.
 */
export function inheritedEnvironment(source: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const {
    DATABASE_URL: _database,
    PORT: _port,
    LOG_LEVEL: _log,
    NODE_ENV: _node,
    PLATFORM_ENV: _platform,
    ...rest
  } = source;
  return rest;
}

/** Settings of `npm run bench:cpu` (see bench/cpu-per-request.ts). */
export interface CpuBenchEnv {
  /** Requests per measured run (each scenario runs once sequentially, once concurrently). */
  requests: number;
  /** A folder for V8 CPU profiles of the app server (`node --cpu-prof`); null: none. */
  profileDir: string | null;
}

/** Reads `BENCH_REQUESTS` (default 3000) and `BENCH_CPU_PROFILE` (a folder, optional). */
export function readCpuBenchEnv(source: NodeJS.ProcessEnv = process.env): CpuBenchEnv {
  return {
    requests: Math.round(positiveNumber('BENCH_REQUESTS', source.BENCH_REQUESTS, 3000)),
    profileDir: source.BENCH_CPU_PROFILE?.trim() || null,
  };
}

/** Settings of `npm run bench:events` beyond the common ones (see bench/events.ts). */
export interface EventsBenchEnv {
  /** The parts to run, of `a`, `b`, `c` (`BENCH_PARTS`, default all three). */
  parts: ReadonlySet<'a' | 'b' | 'c'>;
  /** `EVENTS_DELIVERY` of the app (`BENCH_EVENTS_DELIVERY`, default `inline`; `off` only with (a) alone). */
  delivery: 'inline' | 'off';
}

/** Reads `BENCH_PARTS` (e.g. `a`, `bc`) and `BENCH_EVENTS_DELIVERY` (`inline` or `off`). */
export function readEventsBenchEnv(source: NodeJS.ProcessEnv = process.env): EventsBenchEnv {
  const rawParts = source.BENCH_PARTS?.trim() || 'abc';
  if (!/^[abc]+$/.test(rawParts)) {
    throw new Error(`BENCH_PARTS must be letters of "abc", got "${rawParts}"`);
  }
  const parts = new Set(rawParts.split('') as Array<'a' | 'b' | 'c'>);
  const delivery = source.BENCH_EVENTS_DELIVERY?.trim() || 'inline';
  if (delivery !== 'inline' && delivery !== 'off') {
    throw new Error(`BENCH_EVENTS_DELIVERY must be inline or off, got "${delivery}"`);
  }
  if (delivery === 'off' && parts.has('b')) {
    throw new Error('BENCH_EVENTS_DELIVERY=off measures (a) alone: (b) needs delivery');
  }
  return { parts, delivery };
}

import pino, { type DestinationStream, type Level, type Logger } from 'pino';

export type { Logger };

/**
 * The platform's logger: one JSON object per line on stdout (or `destination`, which tests use
 * to read the lines back). Levels are written as names so log queries do not need pino's numbers.
 */
export function createLogger(level: Level | 'silent', destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'platform' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** pino's log methods, by level name. */
const LEVELS: ReadonlySet<string> = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);
const skip = () => undefined;

/**
 * A child of `parent` with `bindings` that is built only when something uses it: the API
 * gives every request a logger bound to its correlation id (and, past the guard, to its
 * session), and most requests never write through it, while building a pino child costs a
 * serialization of its bindings. Every property and method is the real child's.
 */
export function deferChildLogger(parent: Logger, bindings: pino.Bindings): Logger {
  let child: Logger | undefined;
  const real = () => (child ??= parent.child(bindings));
  // An empty target: the proxy answers everything from the child, so no invariant of the
  // parent's own properties binds it.
  return new Proxy({} as Logger, {
    get(_target, key) {
      // Until it is built, the child's level is its parent's: a line below it is dropped (and
      // the level asked) without building the child (the gateway's hot path, at `warn`).
      if (child === undefined && typeof key === 'string') {
        if (key === 'isLevelEnabled') return (level: string) => parent.isLevelEnabled(level);
        if (LEVELS.has(key) && !parent.isLevelEnabled(key)) return skip;
      }
      const target = real();
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function'
        ? (value as (...args: unknown[]) => unknown).bind(target)
        : value;
    },
    set(_target, key, value) {
      return Reflect.set(real(), key, value);
    },
    has(_target, key) {
      return Reflect.has(real(), key);
    },
  });
}

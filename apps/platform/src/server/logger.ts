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

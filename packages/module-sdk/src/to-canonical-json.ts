import { configure } from 'safe-stable-stringify';

// Keys sorted at every level (deterministic); a circular value throws, as JSON.stringify does.
const stringify = configure({ deterministic: true, circularValue: TypeError });

/**
 * JSON text with object keys sorted at every level, so two equal values give the same text
 * (manifest equality, schema cache keys). Array order is kept. safe-stable-stringify, with
 * JSON.stringify's results otherwise (undefined for undefined, `toJSON` honoured); throws on
 * a circular value.
 */
export function toCanonicalJson(value: unknown): string {
  return stringify(value) as string;
}

import { TEXT_PROBLEM_MESSAGES } from './safe-text';

/** Deepest nesting of arrays and objects a JSON value may have (the value itself is level 1). */
export const JSON_MAX_DEPTH = 64;

/** What is wrong with a JSON value, and where (keys and indexes from the value's root). */
export interface JsonProblem {
  path: Array<string | number>;
  message: string;
}

export const JSON_PROBLEM_MESSAGES = {
  nul: 'Must not contain the NUL character (\\u0000)',
  lone_surrogate: TEXT_PROBLEM_MESSAGES.lone_surrogate,
  too_deep: `Must not nest arrays and objects deeper than ${JSON_MAX_DEPTH} levels`,
} as const;

// A surrogate half without its partner: not a character, not storable in Postgres jsonb.
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * The first thing Postgres jsonb would refuse in a JSON value, or a nesting that would
 * exhaust the stack of a recursive parser: a string or an object key holding NUL or a lone
 * surrogate, or arrays/objects nested deeper than `JSON_MAX_DEPTH`. Walks the value without
 * recursion (any depth is safe to check); null when there is nothing to refuse. Values that
 * are not JSON (functions, undefined) are left to the schema.
 */
export function findJsonProblem(value: unknown): JsonProblem | null {
  const pending: Array<{ node: unknown; path: Array<string | number> }> = [
    { node: value, path: [] },
  ];
  for (let item = pending.pop(); item; item = pending.pop()) {
    const { node, path } = item;
    if (typeof node === 'string') {
      const message = stringProblem(node);
      if (message) return { path, message };
      continue;
    }
    if (node === null || typeof node !== 'object') continue;
    if (path.length >= JSON_MAX_DEPTH) return { path, message: JSON_PROBLEM_MESSAGES.too_deep };
    if (Array.isArray(node)) {
      for (let index = node.length - 1; index >= 0; index--) {
        pending.push({ node: node[index], path: [...path, index] });
      }
      continue;
    }
    const entries = Object.entries(node);
    for (let index = entries.length - 1; index >= 0; index--) {
      const [key, child] = entries[index] as [string, unknown];
      const message = stringProblem(key);
      if (message) return { path: [...path, key], message: `Key: ${message}` };
      pending.push({ node: child, path: [...path, key] });
    }
  }
  return null;
}

function stringProblem(text: string): string | null {
  if (text.includes('\u0000')) return JSON_PROBLEM_MESSAGES.nul;
  if (LONE_SURROGATE.test(text)) return JSON_PROBLEM_MESSAGES.lone_surrogate;
  return null;
}

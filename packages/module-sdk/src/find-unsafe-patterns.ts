import safeRegex from 'safe-regex2';
import type { SchemaProblem } from './compile-json-schema';

/** Longest `pattern` (or `patternProperties` key) a module schema may hold, in characters. */
export const JSON_SCHEMA_MAX_PATTERN_LENGTH = 512;

/** The fix hint for an unsafe or too long pattern. */
export const UNSAFE_PATTERN_FIX = `Rewrite the pattern without nested quantifiers such as (a+)+ or (\\w+\\s?)*, with at most 25 quantifiers and ${JSON_SCHEMA_MAX_PATTERN_LENGTH} characters, or check the value in the module instead`;

// What a value inside a schema object is, so only real `pattern` keywords and
// `patternProperties` keys are checked (never a property named "pattern" or data in `const`,
// `enum`, `default`, `examples`).
type Kind = 'schema' | 'schemas' | 'named-schemas' | 'pattern-schemas' | 'data';

const NAMED_SCHEMAS = new Set(['properties', '$defs', 'definitions', 'dependentSchemas']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
const DATA = new Set(['const', 'enum', 'default', 'examples', 'required', 'dependentRequired']);

/**
 * The `pattern` values and `patternProperties` keys of a module's JSON Schema (event data,
 * config) that could make validation take exponential time on crafted data (ReDoS): longer
 * than 512 characters, or rated unsafe by safe-regex2 (a quantifier inside a quantified group,
 * or more than 25 quantifiers). Invalid patterns are left to the compiler, which refuses them
 * with ajv's message. Each problem's path points at the pattern inside the schema.
 */
export function findUnsafePatterns(schema: unknown): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const pending: Array<{ node: unknown; path: string; kind: Kind }> = [
    { node: schema, path: '', kind: 'schema' },
  ];
  for (let item = pending.pop(); item; item = pending.pop()) {
    const { node, path, kind } = item;
    if (node === null || typeof node !== 'object') continue;
    for (const [key, value] of Object.entries(node)) {
      const childPath = `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      const isKeyword = kind === 'schema' && !Array.isArray(node);
      if (isKeyword && key === 'pattern' && typeof value === 'string') {
        const problem = checkPattern(value, childPath, 'pattern');
        if (problem) problems.push(problem);
      }
      if (kind === 'pattern-schemas') {
        const problem = checkPattern(key, childPath, 'patternProperties key');
        if (problem) problems.push(problem);
      }
      pending.push({ node: value, path: childPath, kind: childKind(kind, key, isKeyword) });
    }
  }
  return problems.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function childKind(kind: Kind, key: string, isKeyword: boolean): Kind {
  if (kind === 'data') return 'data';
  if (kind !== 'schema') return 'schema';
  if (!isKeyword) return 'schema';
  if (key === 'patternProperties') return 'pattern-schemas';
  if (NAMED_SCHEMAS.has(key)) return 'named-schemas';
  if (SCHEMA_LISTS.has(key)) return 'schemas';
  if (DATA.has(key)) return 'data';
  return 'schema';
}

function checkPattern(pattern: string, path: string, what: string): SchemaProblem | undefined {
  if (pattern.length > JSON_SCHEMA_MAX_PATTERN_LENGTH) {
    return {
      path,
      message: `The ${what} is longer than ${JSON_SCHEMA_MAX_PATTERN_LENGTH} characters (${pattern.length})`,
    };
  }
  try {
    // ajv compiles patterns with the `u` flag; one it cannot compile is its problem to report.
    new RegExp(pattern, 'u');
  } catch {
    return undefined;
  }
  if (safeRegex(pattern)) return undefined;
  return {
    path,
    message: `The ${what} ${JSON.stringify(pattern)} may take exponential time on some input (nested quantifiers or more than 25 of them, as safe-regex2 rates it)`,
  };
}

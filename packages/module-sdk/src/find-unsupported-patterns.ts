import { RE2JS } from 're2js';
import type { SchemaProblem } from './compile-json-schema';

/** Longest `pattern` (or `patternProperties` key) a schema may hold, in characters. */
export const JSON_SCHEMA_MAX_PATTERN_LENGTH = 512;

// What a value inside a schema object is, so only real `pattern` keywords and
// `patternProperties` keys are checked (never a property named "pattern" or data in `const`,
// `enum`, `default`, `examples`).
type Kind = 'schema' | 'schemas' | 'named-schemas' | 'pattern-schemas' | 'data';

const NAMED_SCHEMAS = new Set(['properties', '$defs', 'definitions', 'dependentSchemas']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
const DATA = new Set(['const', 'enum', 'default', 'examples', 'required', 'dependentRequired']);

/**
 * The `pattern` values and `patternProperties` keys of a JSON Schema that the linear-time
 * engine the schemas run on (re2js, see `createLinearRegExp`) cannot compile: lookaround
 * (`(?=`, `(?!`, `(?<=`, `(?<!`), backreferences (`\1`) and other syntax RE2 lacks, or longer
 * than 512 characters. Patterns invalid even for JavaScript are included, with RE2's message.
 * Each problem's path points at the pattern inside the schema, sorted by path.
 */
export function findUnsupportedPatterns(schema: unknown): SchemaProblem[] {
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
    RE2JS.compile(RE2JS.translateRegExp(pattern));
    return undefined;
  } catch (error) {
    return {
      path,
      message: `The ${what} ${JSON.stringify(pattern)} cannot run on the linear-time (RE2) engine schemas use: no lookahead, lookbehind or backreferences (${(error as Error).message})`,
    };
  }
}

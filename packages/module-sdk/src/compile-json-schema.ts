import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { LRUCache } from 'lru-cache';
import { createLinearRegExp } from './create-linear-reg-exp';
import { findUnsupportedPatterns } from './find-unsupported-patterns';
import { toCanonicalJson } from './to-canonical-json';

/** One problem with a schema, or with data checked against one. */
export interface SchemaProblem {
  /** JSON Pointer into the schema (compile) or the data (validate); '' for the root. */
  path: string;
  message: string;
}

export type CompiledJsonSchema =
  | { ok: true; validate: (data: unknown) => SchemaProblem[] }
  | { ok: false; problems: SchemaProblem[] };

/** Largest schema accepted, serialized as JSON (UTF-8 bytes). */
export const JSON_SCHEMA_MAX_BYTES = 64 * 1024;
/** Deepest nesting of objects and arrays accepted in a schema. */
export const JSON_SCHEMA_MAX_DEPTH = 32;
// The compiled-schema cache: at most 500 schemas and 8 Mi characters of keys (canonical JSON).
const CACHE_MAX_ENTRIES = 500;
const CACHE_MAX_KEY_CHARACTERS = 8 * 1024 * 1024;
const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema';

// One validator for every schema: draft 2020-12, strict (unknown keywords, unknown formats,
// ambiguous types and the like are errors), no `$data`, no remote loading (no `loadSchema`),
// first error only (`allErrors` lets crafted data cost more). Each compiled schema is removed
// from ajv's own registry right after compilation: the validate function keeps working, and
// ajv keeps nothing per schema (it would otherwise grow with every distinct schema, and refuse
// a second schema with the same `$id`). `pattern` and `patternProperties` run on re2js
// (`createLinearRegExp`), linear in the input: a module's pattern cannot make validation of a
// workspace's config or event data backtrack for minutes (ReDoS).
const ajv = new Ajv2020({
  strict: true,
  validateFormats: true,
  allErrors: false,
  code: { regExp: createLinearRegExp },
});
// `format` is checked, not only annotated, with ajv-formats' formats (email, date-time, uri,
// uuid...). Formats only, `keywords: false`: ajv-formats is hoisted to the repository root,
// where it resolves its OWN nested copy of ajv 8 (the root `ajv` is 6.x, for eslint). Its
// keywords (formatMinimum, formatMaximum, formatExclusiveMinimum/Maximum) generate code with
// that copy's codegen classes, which this ajv does not recognize: a schema using them then
// crashes with "compare is not a function". Formats are plain data (regular expressions and functions) and
// work with any copy. Without the keywords, `formatMinimum` & co. stay unknown keywords, which
// strict mode refuses with a clear problem.
addFormats(ajv, { keywords: false });
const compiled = new LRUCache<string, CompiledJsonSchema>({
  max: CACHE_MAX_ENTRIES,
  maxSize: CACHE_MAX_KEY_CHARACTERS,
  sizeCalculation: (_value, key) => Math.max(1, key.length),
});

/**
 * Compiles a JSON Schema (draft 2020-12) supplied by a module (event data, installation
 * config) for later validation; `format` is checked (ajv-formats' formats). Refused, with the
 * problems: anything but an object or boolean, more than 64 KiB, deeper than 32 levels, a
 * `$ref`/`$dynamicRef` to anything but this document (`#...`), `$data`, a `$schema` other
 * than draft 2020-12, a `pattern` or `patternProperties` key the linear-time engine (RE2)
 * cannot run or longer than 512 characters (`findUnsupportedPatterns`), or whatever ajv's
 * strict mode rejects (unknown keywords and unknown formats included). Never throws. Results, both good and bad, are cached (lru-cache: at
 * most 500 schemas and 8 Mi characters of keys) by the schema's canonical JSON, so each
 * distinct schema compiles once.
 */
export function compileJsonSchema(schema: unknown): CompiledJsonSchema {
  if (typeof schema === 'boolean') return compileChecked(schema);
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    return refused('', 'A JSON Schema must be an object (or true/false)');
  }
  // From here on only a plain JSON copy is read: the caller's object is serialized once.
  let key: string;
  let copy: unknown;
  try {
    key = toCanonicalJson(schema);
    copy = JSON.parse(key);
  } catch {
    return refused('', 'The schema cannot be serialized as JSON');
  }
  if (copy === null || typeof copy !== 'object' || Array.isArray(copy)) {
    return refused('', 'A JSON Schema must be an object (or true/false)');
  }
  if (Buffer.byteLength(key, 'utf8') > JSON_SCHEMA_MAX_BYTES) {
    return refused('', `The schema is larger than ${JSON_SCHEMA_MAX_BYTES / 1024} KiB as JSON`);
  }
  const cached = compiled.get(key);
  if (cached) return cached;
  let result: CompiledJsonSchema;
  try {
    result = checkLimits(copy) ?? checkPatterns(copy) ?? compileChecked(copy);
  } catch (error) {
    // ajv throws for a few malformed inputs outside its strict checks; never pass that on.
    result = refused('', `Not a valid JSON Schema: ${(error as Error).message}`);
  }
  compiled.set(key, result);
  return result;
}

function compileChecked(schema: object | boolean): CompiledJsonSchema {
  const dialect =
    typeof schema === 'object' ? (schema as { $schema?: unknown }).$schema : undefined;
  if (dialect !== undefined && dialect !== DRAFT_2020_12) {
    return refused(
      '/$schema',
      `$schema ${JSON.stringify(dialect)} is not supported: write "${DRAFT_2020_12}" or leave it out`,
    );
  }
  // The meta-schema first: its first error says which keyword of the schema is wrong.
  if (!ajv.validateSchema(schema)) {
    const [error] = ajv.errors ?? [];
    return refused(
      error?.instancePath ?? '',
      error ? describeMetaSchemaError(error) : 'Not a valid JSON Schema',
    );
  }
  let validate: ValidateFunction;
  const knownRefs = new Set(Object.keys(ajv.refs));
  try {
    validate = ajv.compile(schema);
  } catch (error) {
    // Strict-mode errors name the place as `at "#/properties/a"` (unknown formats as `at path
    // "#/properties/a"`); make that the problem's path.
    const message = (error as Error).message;
    const at = /at (?:path )?"#([^"]*)"/.exec(message)?.[1];
    return refused(at ?? '', `Not a valid JSON Schema: ${message}`);
  } finally {
    if (typeof schema === 'object') ajv.removeSchema(schema);
    // Nested `$id`s are registered as references of their own: drop them as well.
    for (const ref of Object.keys(ajv.refs)) if (!knownRefs.has(ref)) ajv.removeSchema(ref);
  }
  return {
    ok: true,
    validate: (data) => (validate(data) ? [] : (validate.errors ?? []).map(toProblem)),
  };
}

function describeMetaSchemaError(error: ErrorObject): string {
  const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues;
  const keyword = error.instancePath.split('/').at(-1) || 'schema';
  const values = Array.isArray(allowed)
    ? `: ${allowed.map((v) => JSON.stringify(v)).join(', ')}`
    : '';
  return `Not a valid JSON Schema: ${keyword} ${error.message ?? 'is invalid'}${values}`;
}

function toProblem(error: ErrorObject): SchemaProblem {
  return { path: error.instancePath, message: error.message ?? error.keyword };
}

/** The first limit the schema breaks (depth, references, `$data`), as a refusal. */
function checkLimits(schema: object): CompiledJsonSchema | undefined {
  const pending: Array<{ node: unknown; path: string; depth: number }> = [
    { node: schema, path: '', depth: 1 },
  ];
  for (let item = pending.pop(); item; item = pending.pop()) {
    const { node, path, depth } = item;
    if (node === null || typeof node !== 'object') continue;
    if (depth > JSON_SCHEMA_MAX_DEPTH) {
      return refused(path, `The schema is nested deeper than ${JSON_SCHEMA_MAX_DEPTH} levels`);
    }
    for (const [key, value] of Object.entries(node)) {
      const childPath = `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      if (!Array.isArray(node) && (key === '$ref' || key === '$dynamicRef')) {
        if (typeof value === 'string' && !value.startsWith('#')) {
          return refused(
            childPath,
            `${key} "${value}" points outside this schema; only local references (#/...) are allowed`,
          );
        }
      }
      if (!Array.isArray(node) && key === '$data') {
        return refused(childPath, '$data references are not allowed');
      }
      pending.push({ node: value, path: childPath, depth: depth + 1 });
    }
  }
  return undefined;
}

/** Every pattern RE2 cannot run (lookaround, backreferences) or too long, as a refusal. */
function checkPatterns(schema: object): CompiledJsonSchema | undefined {
  const problems = findUnsupportedPatterns(schema);
  return problems.length > 0 ? { ok: false, problems } : undefined;
}

function refused(path: string, message: string): CompiledJsonSchema {
  return { ok: false, problems: [{ path, message }] };
}

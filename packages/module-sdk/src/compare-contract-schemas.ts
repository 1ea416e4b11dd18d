import { toCanonicalJson } from './to-canonical-json';

/** One difference between two versions of a contract's JSON Schema. */
export interface SchemaChange {
  /** Where, as a JSON Pointer through the schema's keywords (`/properties/name/maxLength`). */
  path: string;
  kind: SchemaChangeKind;
  /** Whether data valid for the previous schema may now be refused (or lose a field). */
  breaking: boolean;
  detail: string;
}

export type SchemaChangeKind =
  | 'schema-narrowed'
  | 'schema-widened'
  | 'property-removed'
  | 'property-added'
  | 'required-added'
  | 'required-removed'
  | 'type-narrowed'
  | 'type-widened'
  | 'values-removed'
  | 'values-added'
  | 'bound-tightened'
  | 'bound-relaxed'
  | 'keyword-changed'
  | 'keyword-removed'
  | 'branch-removed'
  | 'branch-added';

// Keywords that describe and never constrain: changes to them are not reported.
const ANNOTATIONS = new Set([
  '$schema',
  '$id',
  '$anchor',
  '$dynamicAnchor',
  '$comment',
  '$defs',
  'definitions',
  'title',
  'description',
  'examples',
  'default',
  'deprecated',
  'readOnly',
  'writeOnly',
  'contentMediaType',
  'contentEncoding',
]);
const LOWER_BOUNDS = new Set([
  'minimum',
  'exclusiveMinimum',
  'minLength',
  'minItems',
  'minProperties',
  'minContains',
]);
const UPPER_BOUNDS = new Set([
  'maximum',
  'exclusiveMaximum',
  'maxLength',
  'maxItems',
  'maxProperties',
  'maxContains',
]);
// Keywords whose value is one subschema, compared recursively.
const SUBSCHEMA_KEYWORDS = new Set(['items', 'contains', 'propertyNames']);
// Keywords whose value is a subschema that, when absent, allows anything.
const CLOSING_KEYWORDS = new Set([
  'additionalProperties',
  'unevaluatedProperties',
  'unevaluatedItems',
]);
const MAX_DEPTH = 64;
/** Most pairs of subschemas one comparison looks at; past it the answer is "breaking". */
export const SCHEMA_COMPARISON_BUDGET = 20_000;

interface Walk {
  previousRoot: unknown;
  nextRoot: unknown;
  changes: SchemaChange[];
  seen: Set<string>;
  /** Shared by the whole comparison, probes included. */
  work: {
    left: number;
    /** Whether a branch covers another, by the canonical JSON of both (alternatives). */
    covers: Map<string, boolean>;
  };
}

/**
 * Whether `next` breaks consumers of `previous`, read as a contract for data sent to the
 * shell: a change is breaking when data valid under `previous` may be refused by `next`, or
 * when a field consumers could rely on is gone. Rules (docs/modules.md "Contract changes"):
 * removed property, newly required property, narrowed type set, removed enum/const values,
 * closed or tightened additionalProperties/unevaluatedProperties/unevaluatedItems, stricter
 * min/max bounds, changed or added pattern/format/multipleOf/uniqueItems, removed or narrowed
 * anyOf/oneOf branches, added allOf branches, and any change to a keyword not understood here
 * (fail safe). Annotations (title, description, examples...) are ignored. Local `$ref`s are
 * followed; remote ones compare as text. Bounded: whether a union branch covers another is
 * decided once per pair (canonical JSON), and past `SCHEMA_COMPARISON_BUDGET` subschema
 * comparisons the answer is breaking with one change saying so (fail safe).
 */
export function compareContractSchemas(
  previous: object,
  next: object,
): { breaking: boolean; changes: SchemaChange[] } {
  const walk: Walk = {
    previousRoot: previous,
    nextRoot: next,
    changes: [],
    seen: new Set(),
    work: { left: SCHEMA_COMPARISON_BUDGET, covers: new Map() },
  };
  compareNode(walk, previous, next, '', 0);
  if (walk.work.left < 0) {
    // Fail safe: a comparison that could not finish may have missed a breaking change.
    return {
      breaking: true,
      changes: [
        {
          path: '',
          kind: 'keyword-changed',
          breaking: true,
          detail: `The schemas are too large to compare (more than ${SCHEMA_COMPARISON_BUDGET} subschema comparisons); treated as breaking`,
        },
      ],
    };
  }
  const changes = [...walk.changes].sort((a, b) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : 0,
  );
  return { breaking: changes.some((change) => change.breaking), changes };
}

function compareNode(
  walk: Walk,
  previous: unknown,
  next: unknown,
  path: string,
  depth: number,
): void {
  walk.work.left -= 1;
  if (walk.work.left < 0) return;
  if (depth > MAX_DEPTH) {
    add(walk, path, 'keyword-changed', true, 'The schemas are nested too deeply to compare');
    return;
  }
  // A pair of references is compared once: recursive schemas (JsonValue) end here.
  const previousRef = refOf(previous);
  const nextRef = refOf(next);
  if (previousRef !== undefined || nextRef !== undefined) {
    const pairKey = `${previousRef ?? ''}|${nextRef ?? ''}`;
    if (walk.seen.has(pairKey)) return;
    walk.seen.add(pairKey);
  }
  const [before, after] = alignAlternatives(
    resolve(previous, walk.previousRoot),
    resolve(next, walk.nextRoot),
  );
  if (sameWithoutReferences(before, after)) return;

  if (
    typeof before === 'boolean' ||
    typeof after === 'boolean' ||
    !isRecord(before) ||
    !isRecord(after)
  ) {
    compareBooleanSchemas(walk, before, after, path);
    return;
  }

  const keywords = new Set([...Object.keys(before), ...Object.keys(after)]);
  compareAllowedValues(walk, before, after, path);
  for (const keyword of keywords) {
    if (ANNOTATIONS.has(keyword) || keyword === 'enum' || keyword === 'const' || keyword === '$ref')
      continue;
    const a = before[keyword];
    const b = after[keyword];
    if (sameWithoutReferences(a, b)) continue;
    compareKeyword(walk, keyword, a, b, `${path}/${escape(keyword)}`, depth);
  }
}

function compareKeyword(
  walk: Walk,
  keyword: string,
  a: unknown,
  b: unknown,
  path: string,
  depth: number,
): void {
  if (keyword === 'type') return compareTypes(walk, a, b, path);
  if (keyword === 'required') return compareRequired(walk, a, b, path);
  if (keyword === 'properties') return compareProperties(walk, a, b, path, depth);
  if (LOWER_BOUNDS.has(keyword)) return compareBound(walk, a, b, path, 'lower');
  if (UPPER_BOUNDS.has(keyword)) return compareBound(walk, a, b, path, 'upper');
  if (CLOSING_KEYWORDS.has(keyword)) {
    return compareNode(
      walk,
      a === undefined ? true : a,
      b === undefined ? true : b,
      path,
      depth + 1,
    );
  }
  if (SUBSCHEMA_KEYWORDS.has(keyword)) {
    return compareNode(
      walk,
      a === undefined ? true : a,
      b === undefined ? true : b,
      path,
      depth + 1,
    );
  }
  if (keyword === 'anyOf' || keyword === 'oneOf')
    return compareAlternatives(walk, a, b, path, depth);
  if (keyword === 'allOf' || keyword === 'prefixItems')
    return comparePositional(walk, keyword, a, b, path, depth);
  if (keyword === 'uniqueItems') {
    const tightened = b === true && a !== true;
    return add(
      walk,
      path,
      tightened ? 'keyword-changed' : 'keyword-removed',
      tightened,
      tightened ? 'Items must now be unique' : 'Items no longer need to be unique',
    );
  }
  if (keyword === 'multipleOf') {
    const relaxed =
      b === undefined ||
      (typeof a === 'number' && typeof b === 'number' && b !== 0 && Number.isInteger(a / b));
    return add(
      walk,
      path,
      relaxed ? 'bound-relaxed' : 'bound-tightened',
      !relaxed,
      `multipleOf ${String(a)} -> ${String(b)}`,
    );
  }
  if (b === undefined && (keyword === 'pattern' || keyword === 'format')) {
    return add(walk, path, 'keyword-removed', false, `${keyword} ${JSON.stringify(a)} removed`);
  }
  // pattern, format, not, if/then/else, dependent*, patternProperties, $ref targets that
  // could not be followed, and keywords unknown here: any change may refuse data (fail safe).
  add(
    walk,
    path,
    b === undefined ? 'keyword-removed' : 'keyword-changed',
    true,
    `${keyword} changed from ${preview(a)} to ${preview(b)}`,
  );
}

function compareBooleanSchemas(walk: Walk, before: unknown, after: unknown, path: string): void {
  if (before === false || after === true) {
    add(walk, path, 'schema-widened', false, 'The schema accepts more than before');
  } else if (after === false) {
    add(walk, path, 'schema-narrowed', true, 'The schema now refuses everything');
  } else if (before === true || before === undefined) {
    add(walk, path, 'schema-narrowed', true, 'The schema now constrains values it accepted before');
  } else {
    add(
      walk,
      path,
      'keyword-changed',
      true,
      `The schema changed from ${preview(before)} to ${preview(after)}`,
    );
  }
}

function compareTypes(walk: Walk, a: unknown, b: unknown, path: string): void {
  const before = typeSet(a);
  const after = typeSet(b);
  const lost =
    before === 'any'
      ? after === 'any'
        ? []
        : ['(any)']
      : after === 'any'
        ? []
        : [...before].filter((t) => !after.has(t) && !(t === 'integer' && after.has('number')));
  if (lost.length > 0)
    add(walk, path, 'type-narrowed', true, `No longer accepts type ${lost.join(', ')}`);
  else add(walk, path, 'type-widened', false, `Accepts more types: ${preview(a)} -> ${preview(b)}`);
}

function compareRequired(walk: Walk, a: unknown, b: unknown, path: string): void {
  const before = new Set(stringList(a));
  const after = new Set(stringList(b));
  for (const name of after) {
    if (!before.has(name))
      add(walk, `${path}/${escape(name)}`, 'required-added', true, `"${name}" is now required`);
  }
  for (const name of before) {
    if (!after.has(name))
      add(
        walk,
        `${path}/${escape(name)}`,
        'required-removed',
        false,
        `"${name}" is no longer required`,
      );
  }
}

function compareProperties(walk: Walk, a: unknown, b: unknown, path: string, depth: number): void {
  const before = isRecord(a) ? a : {};
  const after = isRecord(b) ? b : {};
  for (const [name, schema] of Object.entries(before)) {
    const childPath = `${path}/${escape(name)}`;
    if (!(name in after))
      add(walk, childPath, 'property-removed', true, `Property "${name}" was removed`);
    else compareNode(walk, schema, after[name], childPath, depth + 1);
  }
  for (const name of Object.keys(after)) {
    if (!(name in before))
      add(walk, `${path}/${escape(name)}`, 'property-added', false, `Property "${name}" was added`);
  }
}

function compareBound(
  walk: Walk,
  a: unknown,
  b: unknown,
  path: string,
  side: 'lower' | 'upper',
): void {
  const tightened =
    typeof b === 'number' && (typeof a !== 'number' || (side === 'lower' ? b > a : b < a));
  add(
    walk,
    path,
    tightened ? 'bound-tightened' : 'bound-relaxed',
    tightened,
    `${preview(a)} -> ${preview(b)}`,
  );
}

/** enum and const together: values allowed before and missing now are breaking. */
function compareAllowedValues(
  walk: Walk,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  path: string,
): void {
  const a = allowedValues(before);
  const b = allowedValues(after);
  if (a === undefined && b === undefined) return;
  const keyword = 'const' in after || ('const' in before && !('enum' in after)) ? 'const' : 'enum';
  const valuePath = `${path}/${keyword}`;
  if (b === undefined)
    return add(walk, valuePath, 'values-added', false, 'Any value is allowed now');
  if (a === undefined)
    return add(walk, valuePath, 'values-removed', true, `Only ${preview([...b])} allowed now`);
  const removed = [...a].filter((value) => !b.has(value));
  const added = [...b].filter((value) => !a.has(value));
  if (removed.length > 0)
    add(walk, valuePath, 'values-removed', true, `No longer allowed: ${removed.join(', ')}`);
  if (added.length > 0)
    add(walk, valuePath, 'values-added', false, `Now also allowed: ${added.join(', ')}`);
}

function compareAlternatives(
  walk: Walk,
  a: unknown,
  b: unknown,
  path: string,
  depth: number,
): void {
  const before = Array.isArray(a) ? a : [true];
  const after = Array.isArray(b) ? b : [true];
  before.forEach((branch: unknown, index) => {
    const covered = after.some((candidate: unknown) => {
      // Equal pairs recur in nested unions: each is decided once (not exponential).
      const key = `${toCanonicalJson(branch)}\u0000${toCanonicalJson(candidate)}`;
      const known = walk.work.covers.get(key);
      if (known !== undefined) return known;
      const probe: Walk = { ...walk, changes: [], seen: new Set(walk.seen) };
      compareNode(probe, branch, candidate, path, depth + 1);
      const result = !probe.changes.some((change) => change.breaking);
      walk.work.covers.set(key, result);
      return result;
    });
    if (!covered)
      add(
        walk,
        `${path}/${index}`,
        'branch-removed',
        true,
        `Alternative ${index} is no longer accepted as it was`,
      );
  });
  if (after.length > before.length)
    add(walk, path, 'branch-added', false, `${after.length - before.length} alternative(s) added`);
}

function comparePositional(
  walk: Walk,
  keyword: string,
  a: unknown,
  b: unknown,
  path: string,
  depth: number,
): void {
  const before = Array.isArray(a) ? a : [];
  const after = Array.isArray(b) ? b : [];
  after.forEach((schema: unknown, index) => {
    if (index < before.length)
      compareNode(walk, before[index], schema, `${path}/${index}`, depth + 1);
    else
      add(walk, `${path}/${index}`, 'schema-narrowed', true, `${keyword} entry ${index} was added`);
  });
  if (before.length > after.length)
    add(
      walk,
      path,
      'schema-widened',
      keyword === 'prefixItems',
      `${before.length - after.length} ${keyword} entr(ies) removed`,
    );
}

function resolve(node: unknown, root: unknown): unknown {
  let current = node;
  for (let hops = 0; hops < 32; hops++) {
    if (!isRecord(current) || typeof current.$ref !== 'string' || !current.$ref.startsWith('#'))
      return current;
    const target = readPointer(root, current.$ref.slice(1));
    if (target === undefined) return current;
    const { $ref: _ref, ...siblings } = current;
    void _ref;
    current = isRecord(target) ? { ...target, ...withoutAnnotations(siblings) } : target;
  }
  return current;
}

function withoutAnnotations(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !ANNOTATIONS.has(key)));
}

function readPointer(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  let node = root;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (!isRecord(node) && !Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

/**
 * When only one side is a union (`anyOf`/`oneOf`), the other is read as a union of itself
 * (`string` -> `anyOf: [string, null]` is a branch added, not a type removed plus a new
 * restriction). Annotations stay outside.
 */
function alignAlternatives(before: unknown, after: unknown): [unknown, unknown] {
  const unionOf = (node: unknown) =>
    isRecord(node) ? (['anyOf', 'oneOf'] as const).find((keyword) => keyword in node) : undefined;
  const left = unionOf(before);
  const right = unionOf(after);
  if (left && !right && isRecord(after)) return [before, wrapAs(left, after)];
  if (right && !left && isRecord(before)) return [wrapAs(right, before), after];
  return [before, after];
}

function wrapAs(
  keyword: 'anyOf' | 'oneOf',
  node: Record<string, unknown>,
): Record<string, unknown> {
  const annotations = Object.fromEntries(
    Object.entries(node).filter(([key]) => ANNOTATIONS.has(key)),
  );
  return { ...annotations, [keyword]: [withoutAnnotations(node)] };
}

/**
 * Equal text and no `$ref` inside: nothing to compare. Equal text with references still
 * needs a look, since each side resolves them against its own `$defs`.
 */
function sameWithoutReferences(a: unknown, b: unknown): boolean {
  const text = toCanonicalJson(a);
  return text === toCanonicalJson(b) && !(text ?? '').includes('"$ref"');
}

function refOf(node: unknown): string | undefined {
  return isRecord(node) && typeof node.$ref === 'string' ? node.$ref : undefined;
}

function allowedValues(schema: Record<string, unknown>): Set<string> | undefined {
  const sets: Array<Set<string>> = [];
  if ('const' in schema) sets.push(new Set([toCanonicalJson(schema.const)]));
  if (Array.isArray(schema.enum))
    sets.push(new Set(schema.enum.map((value) => toCanonicalJson(value))));
  if (sets.length === 0) return undefined;
  return sets.reduce((left, right) => new Set([...left].filter((value) => right.has(value))));
}

function typeSet(value: unknown): Set<string> | 'any' {
  if (value === undefined) return 'any';
  return new Set(
    (Array.isArray(value) ? value : [value]).map((item) =>
      typeof item === 'string' ? item : JSON.stringify(item),
    ),
  );
}

function stringList(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function escape(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

function preview(value: unknown): string {
  const text = value === undefined ? '(none)' : (JSON.stringify(value) ?? typeof value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

function add(
  walk: Walk,
  path: string,
  kind: SchemaChangeKind,
  breaking: boolean,
  detail: string,
): void {
  walk.changes.push({ path, kind, breaking, detail });
}

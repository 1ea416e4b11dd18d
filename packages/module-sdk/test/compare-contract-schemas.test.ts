/* eslint-disable @typescript-eslint/no-explicit-any -- the tests reshape schemas freely */
import { describe, expect, it } from 'vitest';
import {
  SCHEMA_COMPARISON_BUDGET,
  compareContractSchemas,
  manifestJsonSchema,
} from '@aiconnected/module-sdk';

const person = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 100, description: 'Full name' },
    role: { enum: ['member', 'admin'] },
    age: { type: 'integer', minimum: 0 },
    tags: { type: 'array', items: { type: 'string' } },
    nickname: { type: ['string', 'null'] },
  },
};

function change(mutate: (schema: Record<string, any>) => void) {
  const next = structuredClone(person) as Record<string, any>;
  mutate(next);
  return compareContractSchemas(person, next);
}

function kinds(mutate: (schema: Record<string, any>) => void) {
  const { breaking, changes } = change(mutate);
  return {
    breaking,
    changes: changes.map(({ path, kind, breaking: b }) => `${path} ${kind} ${b}`),
  };
}

describe('compareContractSchemas', () => {
  it('finds nothing between equal schemas, whatever their key order', () => {
    const reordered = Object.fromEntries(Object.entries(person).reverse());
    expect(compareContractSchemas(person, reordered)).toStrictEqual({
      breaking: false,
      changes: [],
    });
  });

  it('ignores annotations', () => {
    expect(
      kinds((s) => {
        s.properties.name.description = 'The name';
        s.title = 'Person';
        s.properties.age.examples = [3];
      }),
    ).toStrictEqual({ breaking: false, changes: [] });
  });

  it('a removed property or a newly required one breaks; optional additions do not', () => {
    expect(kinds((s) => delete s.properties.age)).toStrictEqual({
      breaking: true,
      changes: ['/properties/age property-removed true'],
    });
    expect(kinds((s) => s.required.push('age'))).toStrictEqual({
      breaking: true,
      changes: ['/required/age required-added true'],
    });
    expect(kinds((s) => (s.properties.email = { type: 'string' }))).toStrictEqual({
      breaking: false,
      changes: ['/properties/email property-added false'],
    });
    expect(kinds((s) => (s.required = []))).toStrictEqual({
      breaking: false,
      changes: ['/required/name required-removed false'],
    });
  });

  it('a narrowed type set breaks; a wider one does not (integer is a number)', () => {
    expect(kinds((s) => (s.properties.nickname.type = 'string')).breaking).toBe(true);
    expect(kinds((s) => (s.properties.age.type = 'number'))).toStrictEqual({
      breaking: false,
      changes: ['/properties/age/type type-widened false'],
    });
    expect(kinds((s) => (s.properties.tags.items.type = ['string', 'number'])).breaking).toBe(
      false,
    );
    expect(kinds((s) => (s.properties.tags.items.type = 'number'))).toStrictEqual({
      breaking: true,
      changes: ['/properties/tags/items/type type-narrowed true'],
    });
  });

  it('removed enum or const values break; added ones do not', () => {
    expect(kinds((s) => (s.properties.role.enum = ['member']))).toStrictEqual({
      breaking: true,
      changes: ['/properties/role/enum values-removed true'],
    });
    expect(kinds((s) => s.properties.role.enum.push('owner'))).toStrictEqual({
      breaking: false,
      changes: ['/properties/role/enum values-added false'],
    });
    expect(kinds((s) => (s.properties.name.const = 'Ada')).breaking).toBe(true);
    expect(kinds((s) => (s.properties.role = { const: 'member' })).breaking).toBe(true);
    expect(kinds((s) => delete s.properties.role.enum).breaking).toBe(false);
  });

  it('closing or tightening additional/unevaluated properties breaks', () => {
    expect(kinds((s) => (s.additionalProperties = false))).toStrictEqual({
      breaking: true,
      changes: ['/additionalProperties schema-narrowed true'],
    });
    expect(kinds((s) => (s.unevaluatedProperties = { type: 'string' })).breaking).toBe(true);
    const closed = { ...person, additionalProperties: false };
    expect(compareContractSchemas(closed, person).breaking).toBe(false);
  });

  it('stricter bounds, patterns and formats break; looser ones do not', () => {
    expect(kinds((s) => (s.properties.name.maxLength = 50)).breaking).toBe(true);
    expect(kinds((s) => (s.properties.name.maxLength = 200)).breaking).toBe(false);
    expect(kinds((s) => (s.properties.name.minLength = 2)).breaking).toBe(true);
    expect(kinds((s) => delete s.properties.name.minLength).breaking).toBe(false);
    expect(kinds((s) => (s.properties.age.maximum = 150))).toStrictEqual({
      breaking: true,
      changes: ['/properties/age/maximum bound-tightened true'],
    });
    expect(kinds((s) => (s.properties.tags.minItems = 1)).breaking).toBe(true);
    expect(kinds((s) => (s.properties.name.pattern = '^[A-Z]'))).toStrictEqual({
      breaking: true,
      changes: ['/properties/name/pattern keyword-changed true'],
    });
    expect(kinds((s) => (s.properties.name.format = 'email')).breaking).toBe(true);
    expect(kinds((s) => (s.properties.tags.uniqueItems = true)).breaking).toBe(true);
  });

  it('a removed anyOf branch breaks; an added one does not', () => {
    const union = { anyOf: [{ type: 'string' }, { type: 'integer' }] };
    expect(compareContractSchemas(union, { anyOf: [{ type: 'string' }] })).toMatchObject({
      breaking: true,
      changes: [{ path: '/anyOf/1', kind: 'branch-removed', breaking: true }],
    });
    expect(
      compareContractSchemas(union, {
        anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'null' }],
      }).breaking,
    ).toBe(false);
  });

  it('reads a value made nullable (zod: anyOf with null) as a branch added, and back as breaking', () => {
    const plain = { type: 'object', properties: { note: { type: 'string', maxLength: 10 } } };
    const nullable = {
      type: 'object',
      properties: {
        note: {
          anyOf: [{ type: 'string', maxLength: 10 }, { type: 'null' }],
          description: 'A note',
        },
      },
    };
    expect(compareContractSchemas(plain, nullable)).toStrictEqual({
      breaking: false,
      changes: [
        {
          path: '/properties/note/anyOf',
          kind: 'branch-added',
          breaking: false,
          detail: '1 alternative(s) added',
        },
      ],
    });
    expect(compareContractSchemas(nullable, plain)).toMatchObject({
      breaking: true,
      changes: [{ path: '/properties/note/anyOf/1', kind: 'branch-removed', breaking: true }],
    });
  });

  it('counts any change to a keyword it does not model as breaking (fail safe)', () => {
    expect(kinds((s) => (s.not = { required: ['age'] }))).toStrictEqual({
      breaking: true,
      changes: ['/not keyword-changed true'],
    });
    expect(kinds((s) => (s.dependentRequired = { age: ['name'] })).breaking).toBe(true);
    expect(kinds((s) => (s['x-vendor'] = 1)).breaking).toBe(true);
  });

  it('follows local $refs, and ends on recursive schemas', () => {
    const recursive = (leaf: string) => ({
      $ref: '#/$defs/Node',
      $defs: {
        Node: {
          type: 'object',
          properties: {
            value: { type: leaf },
            children: { type: 'array', items: { $ref: '#/$defs/Node' } },
          },
        },
      },
    });
    expect(compareContractSchemas(recursive('string'), recursive('string')).changes).toStrictEqual(
      [],
    );
    expect(compareContractSchemas(recursive('string'), recursive('number'))).toMatchObject({
      breaking: true,
      changes: [{ path: '/properties/value/type', kind: 'type-narrowed', breaking: true }],
    });
  });

  it('finds a change made only inside a referenced definition', () => {
    const withDefs = (maxLength: number) => ({
      type: 'object',
      properties: { name: { $ref: '#/$defs/Name' }, other: { $ref: '#/$defs/Name' } },
      $defs: { Name: { type: 'string', maxLength } },
    });
    expect(compareContractSchemas(withDefs(100), withDefs(100)).changes).toStrictEqual([]);
    const result = compareContractSchemas(withDefs(100), withDefs(50));
    expect(result.breaking).toBe(true);
    expect(result.changes.map((c) => `${c.path} ${c.kind}`)).toStrictEqual([
      '/properties/name/maxLength bound-tightened',
    ]);
  });

  it('compares the published manifest schema: 1.0.0 -> 1.1.0 narrowed the site capabilities', () => {
    const current = manifestJsonSchema() as { $defs: Record<string, any> };
    expect(compareContractSchemas(current, manifestJsonSchema())).toStrictEqual({
      breaking: false,
      changes: [],
    });

    // 1.0.0: no manifestVersion; requiredSiteCapabilities any lower-kebab string.
    const previous = structuredClone(current);
    delete previous.$defs.ModuleManifest.properties.manifestVersion;
    previous.$defs.ModuleSiteLayer.properties.requiredSiteCapabilities.items = {
      type: 'string',
      pattern: '^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$',
    };
    const result = compareContractSchemas(previous, current);
    expect(
      result.changes.map(({ path, kind, breaking }) => `${path} ${kind} ${breaking}`),
    ).toStrictEqual([
      '/properties/manifestVersion property-added false',
      '/properties/site/properties/requiredSiteCapabilities/items/enum values-removed true',
      '/properties/site/properties/requiredSiteCapabilities/items/pattern keyword-removed false',
    ]);
    expect(result.breaking).toBe(true);
  });

  it('compares nested unions without exponential work (the review’s 52 KB shape)', () => {
    // anyOf 7 levels deep, 3 branches each, as parsed JSON (no shared objects): 80 s before.
    const nest = (depth: number, leaf: object): object =>
      depth === 0 ? leaf : { anyOf: [0, 1, 2].map(() => nest(depth - 1, leaf)) };
    const previous = JSON.parse(JSON.stringify(nest(7, { type: 'string' }))) as object;
    const next = JSON.parse(JSON.stringify(nest(7, { type: 'integer' }))) as object;
    expect(JSON.stringify(previous).length).toBeGreaterThan(50_000);
    const result = compareContractSchemas(previous, next);
    expect(result.breaking).toBe(true);
    expect(result.changes.map((c) => `${c.path} ${c.kind}`)).toStrictEqual([
      '/anyOf/0 branch-removed',
      '/anyOf/1 branch-removed',
      '/anyOf/2 branch-removed',
    ]);
    expect(compareContractSchemas(previous, structuredClone(previous))).toStrictEqual({
      breaking: false,
      changes: [],
    });
  });

  it('answers "breaking" past its budget of subschema comparisons (fail safe)', () => {
    // 400 properties, each a union of 10 distinct branches listed in the other order.
    const union = (name: string, order: number[]) => ({
      anyOf: order.map((length) => ({ type: 'string', minLength: length, title: name })),
    });
    const ascending = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const schema = (order: number[]) => ({
      type: 'object',
      properties: Object.fromEntries(
        Array.from({ length: 400 }, (_, i) => [`p${i}`, union(`p${i}`, order)]),
      ),
    });
    expect(
      compareContractSchemas(schema(ascending), schema([...ascending].reverse())),
    ).toStrictEqual({
      breaking: true,
      changes: [
        {
          path: '',
          kind: 'keyword-changed',
          breaking: true,
          detail: `The schemas are too large to compare (more than ${SCHEMA_COMPARISON_BUDGET} subschema comparisons); treated as breaking`,
        },
      ],
    });
    // Within the budget the same reordering is no change at all.
    const small = (order: number[]) => ({ type: 'object', properties: { p: union('p', order) } });
    expect(compareContractSchemas(small(ascending), small([...ascending].reverse()))).toStrictEqual(
      {
        breaking: false,
        changes: [],
      },
    );
  });
});

import { describe, expect, it } from 'vitest';
import {
  JSON_SCHEMA_MAX_BYTES,
  JSON_SCHEMA_MAX_DEPTH,
  compileJsonSchema,
} from '@aiconnected/module-sdk';

function problemsOf(schema: unknown) {
  const result = compileJsonSchema(schema);
  return result.ok ? [] : result.problems;
}

describe('compileJsonSchema', () => {
  it('compiles a draft 2020-12 schema and validates data with it', () => {
    const result = compileJsonSchema({
      type: 'object',
      required: ['note_id'],
      properties: { note_id: { type: 'string' }, count: { type: 'integer', minimum: 0 } },
      additionalProperties: false,
    });
    if (!result.ok) throw new Error('expected a compiled schema');
    expect(result.validate({ note_id: 'a', count: 2 })).toStrictEqual([]);
    expect(result.validate({ note_id: 'a', count: -1 })).toStrictEqual([
      { path: '/count', message: 'must be >= 0' },
    ]);
    expect(result.validate({})).toStrictEqual([
      { path: '', message: "must have required property 'note_id'" },
    ]);
  });

  it('checks formats (ajv-formats), not only annotates them', () => {
    const cases: Array<[string, string, string]> = [
      ['email', 'ops@acme.example', 'not an email'],
      ['date-time', '2026-05-01T10:00:00Z', '2026-05-01'],
      ['uri', 'https://acme.example/a?b=c', 'not a uri'],
      ['uuid', '8a6e0804-2bd0-4672-b79d-d97027f9071a', '8a6e0804'],
    ];
    for (const [format, good, bad] of cases) {
      const result = compileJsonSchema({ type: 'string', format });
      if (!result.ok) throw new Error(`expected ${format} to compile`);
      expect(result.validate(good)).toStrictEqual([]);
      expect(result.validate(bad)).toStrictEqual([
        { path: '', message: `must match format "${format}"` },
      ]);
    }
  });

  it('refuses unknown formats and the format keywords (formatMinimum...), saying where', () => {
    expect(
      problemsOf({ type: 'object', properties: { a: { type: 'string', format: 'colour' } } }),
    ).toStrictEqual([
      {
        path: '/properties/a',
        message:
          'Not a valid JSON Schema: unknown format "colour" ignored in schema at path "#/properties/a"',
      },
    ]);
    // ajv-formats is added without its keywords (they would crash: another ajv copy's codegen).
    for (const keyword of [
      'formatMinimum',
      'formatMaximum',
      'formatExclusiveMinimum',
      'formatExclusiveMaximum',
    ]) {
      expect(problemsOf({ type: 'string', format: 'date', [keyword]: '2026-01-01' })).toStrictEqual(
        [
          {
            path: '',
            message: `Not a valid JSON Schema: strict mode: unknown keyword: "${keyword}"`,
          },
        ],
      );
    }
  });

  it('follows local references, including $defs', () => {
    const result = compileJsonSchema({
      $defs: { id: { type: 'string', minLength: 1 } },
      type: 'object',
      properties: { a: { $ref: '#/$defs/id' } },
    });
    expect(result.ok && result.validate({ a: '' })).toStrictEqual([
      { path: '/a', message: 'must NOT have fewer than 1 characters' },
    ]);
  });

  it('refuses remote references and $data', () => {
    expect(problemsOf({ $ref: 'https://schemas.example.com/a.json' })).toStrictEqual([
      {
        path: '/$ref',
        message:
          '$ref "https://schemas.example.com/a.json" points outside this schema; only local references (#/...) are allowed',
      },
    ]);
    expect(
      problemsOf({ type: 'object', properties: { a: { $ref: 'other.json#/x' } } }),
    ).toStrictEqual([
      {
        path: '/properties/a/$ref',
        message:
          '$ref "other.json#/x" points outside this schema; only local references (#/...) are allowed',
      },
    ]);
    expect(problemsOf({ type: 'integer', maximum: { $data: '1/b' } })).toStrictEqual([
      { path: '/maximum/$data', message: '$data references are not allowed' },
    ]);
  });

  it('refuses what strict mode refuses, and invalid keywords, saying where', () => {
    expect(problemsOf({ type: 'object', propertys: {} })).toStrictEqual([
      { path: '', message: 'Not a valid JSON Schema: strict mode: unknown keyword: "propertys"' },
    ]);
    expect(problemsOf({ type: 'object', properties: { a: { minimum: 1 } } })).toStrictEqual([
      {
        path: '/properties/a',
        message:
          'Not a valid JSON Schema: strict mode: missing type "number" for keyword "minimum" at "#/properties/a" (strictTypes)',
      },
    ]);
    expect(problemsOf({ minLength: 'x' })).toStrictEqual([
      { path: '/minLength', message: 'Not a valid JSON Schema: minLength must be integer' },
    ]);
    expect(problemsOf({ $ref: '#/$defs/missing' })).toHaveLength(1);
    expect(problemsOf({ type: 'string', pattern: '(' })).toHaveLength(1);
    expect(
      problemsOf({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' }),
    ).toStrictEqual([
      {
        path: '/$schema',
        message:
          '$schema "http://json-schema.org/draft-07/schema#" is not supported: write "https://json-schema.org/draft/2020-12/schema" or leave it out',
      },
    ]);
    expect(
      compileJsonSchema({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object' })
        .ok,
    ).toBe(true);
    expect(problemsOf([])).toStrictEqual([
      { path: '', message: 'A JSON Schema must be an object (or true/false)' },
    ]);
  });

  it('enforces the size and depth limits', () => {
    const big = { type: 'string', description: 'x'.repeat(JSON_SCHEMA_MAX_BYTES) };
    expect(problemsOf(big)).toStrictEqual([
      { path: '', message: 'The schema is larger than 64 KiB as JSON' },
    ]);
    const nest = (levels: number) => {
      let schema: Record<string, unknown> = { type: 'string' };
      for (let i = 1; i < levels; i++) schema = { type: 'array', items: schema };
      return schema;
    };
    // Each `items` is one more level of objects.
    expect(compileJsonSchema(nest(JSON_SCHEMA_MAX_DEPTH)).ok).toBe(true);
    const tooDeep = problemsOf(nest(JSON_SCHEMA_MAX_DEPTH + 1));
    expect(tooDeep).toHaveLength(1);
    expect(tooDeep[0]?.message).toBe('The schema is nested deeper than 32 levels');
  });

  it('compiles each distinct schema once (canonical JSON key), good or bad', () => {
    const first = compileJsonSchema({ type: 'object', properties: { a: { type: 'string' } } });
    const same = compileJsonSchema({ properties: { a: { type: 'string' } }, type: 'object' });
    expect(same).toBe(first);
    // Keys are sorted at every level (safe-stable-stringify), not only the top one.
    const nested = compileJsonSchema({ type: 'object', properties: { a: { type: 'string' } } });
    expect(compileJsonSchema({ properties: { a: { type: 'string' } }, type: 'object' })).toBe(
      nested,
    );
    const deepFirst = compileJsonSchema({ items: { minLength: 1, type: 'string' } });
    expect(compileJsonSchema({ items: { type: 'string', minLength: 1 } })).toBe(deepFirst);
    const bad = compileJsonSchema({ type: 'objekt' });
    expect(compileJsonSchema({ type: 'objekt' })).toBe(bad);
  });

  it('keeps at most 500 compiled schemas, dropping the least recently used', () => {
    const schemaFor = (i: number) => ({ type: 'string', description: `cache ${i}` });
    const first = compileJsonSchema(schemaFor(0));
    const kept = compileJsonSchema(schemaFor(1));
    for (let i = 2; i <= 500; i++) {
      compileJsonSchema(schemaFor(i));
      // Used again all along: the most recently used entry stays.
      expect(compileJsonSchema(schemaFor(1))).toBe(kept);
    }
    // 501 distinct schemas: the first, never used again, was dropped and compiles anew.
    const again = compileJsonSchema(schemaFor(0));
    expect(again).not.toBe(first);
    expect(again.ok).toBe(true);
    expect(compileJsonSchema(schemaFor(1))).toBe(kept);
  });

  it('compiles schemas with the same $id but different content side by side', () => {
    const a = compileJsonSchema({ $id: 'https://example.com/s.json', type: 'string' });
    const b = compileJsonSchema({ $id: 'https://example.com/s.json', type: 'number' });
    expect(a.ok && a.validate('x')).toStrictEqual([]);
    expect(b.ok && b.validate(1)).toStrictEqual([]);
    expect(b.ok && b.validate('x')).toStrictEqual([{ path: '', message: 'must be number' }]);
  });

  it('never throws, whatever it is given', () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('hostile');
        },
      },
    );
    expect(problemsOf(hostile)).toStrictEqual([
      { path: '', message: 'The schema cannot be serialized as JSON' },
    ]);
    const circular: Record<string, unknown> = { type: 'object' };
    circular.properties = { self: circular };
    expect(problemsOf(circular)).toStrictEqual([
      { path: '', message: 'The schema cannot be serialized as JSON' },
    ]);
    expect(problemsOf({ toJSON: () => 'text' })).toStrictEqual([
      { path: '', message: 'A JSON Schema must be an object (or true/false)' },
    ]);
  });

  it('accepts boolean schemas', () => {
    const never = compileJsonSchema(false);
    expect(never.ok && never.validate(1)).toStrictEqual([
      { path: '', message: 'boolean schema is false' },
    ]);
  });
});

describe('compileJsonSchema and $ids', () => {
  it('compiles many schemas with nested $ids, then the same $ids with other content', () => {
    for (let i = 0; i < 50; i++) {
      const result = compileJsonSchema({
        $id: `https://example.com/leak/${i}.json`,
        type: 'object',
        $defs: { name: { $id: `https://example.com/leak/${i}/name`, type: 'string' } },
        properties: { name: { $ref: '#/$defs/name' } },
      });
      expect(result.ok && result.validate({ name: 1 })).toStrictEqual([
        { path: '/name', message: 'must be string' },
      ]);
    }
    // The same $ids with other content compile again, which ajv refuses for a kept $id.
    const again = compileJsonSchema({
      $id: 'https://example.com/leak/0.json',
      type: 'object',
      $defs: { name: { $id: 'https://example.com/leak/0/name', type: 'integer' } },
      properties: { name: { $ref: '#/$defs/name' } },
    });
    expect(again.ok && again.validate({ name: 1 })).toStrictEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { assess, compileJsonSchema } from '@aiconnected/module-sdk';
import type { ModuleManifest } from '@aiconnected/module-sdk';
import { CONTRACT_SCHEMAS, toContractJsonSchema } from '@aiconnected/sdk-contracts';
import type { JsonObject } from '@aiconnected/sdk-contracts';
import { CORPUS_SHELL_VERSION } from '@aiconnected/module-sdk/testing';
import { corpusManifest } from './manifest-fixture';

// Patterns in a module's schemas run against workspace configs and event data. They run on a
// linear-time engine (re2js): patterns that backtrack exponentially in JavaScript (ReDoS) are
// harmless; patterns RE2 cannot run (lookaround, backreferences) or very long ones refuse the
// schema, at the pattern's path.

const RE2_LOOKAHEAD = 'error parsing regexp: invalid or unsupported Perl syntax: `(?=`';

function findingsOf(change: (manifest: ModuleManifest) => void) {
  const manifest = corpusManifest();
  change(manifest);
  return assess(manifest, { shellVersion: CORPUS_SHELL_VERSION, entries: [] }).findings;
}

function withConfigProperty(schema: JsonObject) {
  return (manifest: ModuleManifest) => {
    manifest.configSchema = {
      type: 'object',
      properties: { value: schema },
      additionalProperties: false,
    };
  };
}

function compiled(schema: JsonObject) {
  const result = compileJsonSchema(schema);
  if (!result.ok) throw new Error(`expected to compile: ${JSON.stringify(result.problems)}`);
  return result.validate;
}

describe('patterns in module schemas', () => {
  it('validates catastrophic-backtracking patterns in linear time, with the right answers', () => {
    const long = 'a'.repeat(50_000);
    const started = performance.now();
    for (const pattern of ['^(a+)+$', '^(a|a)+$', '^(\\w|\\d)+$']) {
      const validate = compiled({ type: 'string', pattern });
      expect(validate(long)).toStrictEqual([]);
      expect(validate(`${long}!`)).toStrictEqual([
        { path: '', message: `must match pattern "${pattern}"` },
      ]);
      // Each took seconds on 27 characters with JavaScript's backtracking engine.
      expect(validate(`${'a'.repeat(27)}!`)).toHaveLength(1);
    }
    const keys = compiled({
      type: 'object',
      patternProperties: { '^(a|a)+$': { type: 'integer' } },
    });
    expect(keys({ [long]: 1, [`${long}!`]: 'free' })).toStrictEqual([]);
    expect(keys({ [long]: 'x' })).toStrictEqual([{ path: `/${long}`, message: 'must be integer' }]);
    // Loose bound (as assess-bounds does): seconds per pattern before, milliseconds now.
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('keeps JavaScript pattern syntax working: classes, \\u{...}, named groups, \\p{L}', () => {
    const validate = compiled({
      type: 'object',
      properties: {
        slug: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,62}$' },
        face: { type: 'string', pattern: '^\\u{1F600}$' },
        named: { type: 'string', pattern: '^(?<word>\\p{L}+)\\/\\d{2}$' },
      },
    });
    expect(validate({ slug: 'notes-1', face: '\u{1F600}', named: 'école/12' })).toStrictEqual([]);
    expect(validate({ named: '12/ab' })).toStrictEqual([
      { path: '/named', message: 'must match pattern "^(?<word>\\p{L}+)\\/\\d{2}$"' },
    ]);
  });

  it('refuses lookaround and backreferences in compileJsonSchema, at the pattern', () => {
    expect(
      compileJsonSchema({
        type: 'object',
        properties: { a: { type: 'string', pattern: '^(?=a)a+$' } },
        patternProperties: { '^(x)\\1$': true },
      }),
    ).toStrictEqual({
      ok: false,
      problems: [
        {
          path: '/patternProperties/^(x)\\1$',
          message:
            'The patternProperties key "^(x)\\\\1$" cannot run on the linear-time (RE2) engine schemas use: no lookahead, lookbehind or backreferences (error parsing regexp: invalid escape sequence: `\\1`)',
        },
        {
          path: '/properties/a/pattern',
          message: `The pattern "^(?=a)a+$" cannot run on the linear-time (RE2) engine schemas use: no lookahead, lookbehind or backreferences (${RE2_LOOKAHEAD})`,
        },
      ],
    });
  });

  it('reports a lookahead in a config schema as CONFIG_SCHEMA_INVALID at the pattern', () => {
    expect(
      findingsOf(withConfigProperty({ type: 'string', pattern: '^(?!admin)[a-z]+$' })),
    ).toStrictEqual([
      {
        code: 'CONFIG_SCHEMA_INVALID',
        path: '/configSchema/properties/value/pattern',
        severity: 'blocking',
        message:
          'The pattern "^(?!admin)[a-z]+$" cannot run on the linear-time (RE2) engine schemas use: no lookahead, lookbehind or backreferences (error parsing regexp: invalid or unsupported Perl syntax: `(?!`)',
        fix_hint: expect.any(String) as string,
      },
    ]);
  });

  it('refuses a patternProperties key of an event schema RE2 cannot run, at the key', () => {
    const findings = findingsOf((manifest) => {
      const event = manifest.events.emits[0];
      if (!event) throw new Error('expected an emitted event');
      event.schema = { type: 'object', patternProperties: { '(?<=x)y': { type: 'string' } } };
    });
    expect(findings.map(({ code, path }) => [code, path])).toStrictEqual([
      ['EVENT_SCHEMA_INVALID', '/events/emits/0/schema/patternProperties/(?<=x)y'],
    ]);
  });

  it('accepts formerly refused nested quantifiers, refuses patterns over 512 characters', () => {
    expect(
      findingsOf(withConfigProperty({ type: 'string', pattern: '^([a-z0-9]+-?)*$' })),
    ).toStrictEqual([]);
    expect(
      findingsOf(withConfigProperty({ type: 'string', pattern: 'a'.repeat(512) })),
    ).toStrictEqual([]);
    expect(
      findingsOf(withConfigProperty({ type: 'string', pattern: 'a'.repeat(513) })).map(
        ({ code, path, message }) => ({ code, path, message }),
      ),
    ).toStrictEqual([
      {
        code: 'CONFIG_SCHEMA_INVALID',
        path: '/configSchema/properties/value/pattern',
        message: 'The pattern is longer than 512 characters (513)',
      },
    ]);
  });

  it('finds them at any depth: items, allOf, $defs, propertyNames, if/then', () => {
    const unsupported = { type: 'string', pattern: '(?=a)' };
    const findings = findingsOf((manifest) => {
      manifest.configSchema = {
        type: 'object',
        $defs: { slug: unsupported },
        properties: {
          tags: { type: 'array', items: unsupported },
          either: { allOf: [unsupported] },
          map: { type: 'object', propertyNames: unsupported },
          cond: { if: unsupported, then: unsupported },
        },
      };
    });
    expect(findings.map((finding) => finding.path)).toStrictEqual([
      '/configSchema/$defs/slug/pattern',
      '/configSchema/properties/cond/if/pattern',
      '/configSchema/properties/cond/then/pattern',
      '/configSchema/properties/either/allOf/0/pattern',
      '/configSchema/properties/map/propertyNames/pattern',
      '/configSchema/properties/tags/items/pattern',
    ]);
  });

  it("compiles every shell contract's JSON Schema (their patterns run on RE2 too)", () => {
    const refused = Object.entries(CONTRACT_SCHEMAS).flatMap(([name, schema]) => {
      const result = compileJsonSchema(toContractJsonSchema(schema, `urn:test:${name}`));
      return result.ok ? [] : [{ name, problems: result.problems }];
    });
    expect(refused).toStrictEqual([]);
  });

  it('leaves properties named "pattern" and data values alone', () => {
    expect(
      findingsOf((manifest) => {
        manifest.configSchema = {
          type: 'object',
          properties: {
            pattern: { type: 'string', const: '(?=a)' },
            rule: {
              type: 'object',
              properties: { pattern: { type: 'string' } },
              default: { pattern: '(?=a)' },
              examples: [{ pattern: '(x)\\1' }],
            },
            choice: { enum: [{ pattern: '(?!a)' }] },
          },
          patternProperties: { '^x-[a-z]+$': { type: 'string' } },
        };
      }),
    ).toStrictEqual([]);
  });

  it('refuses an invalid pattern with RE2 message, at the pattern', () => {
    expect(
      findingsOf(withConfigProperty({ type: 'string', pattern: '(a+' })).map(
        ({ code, path, message }) => ({ code, path, message }),
      ),
    ).toStrictEqual([
      {
        code: 'CONFIG_SCHEMA_INVALID',
        path: '/configSchema/properties/value/pattern',
        message:
          'The pattern "(a+" cannot run on the linear-time (RE2) engine schemas use: no lookahead, lookbehind or backreferences (error parsing regexp: missing closing ): `(a+`)',
      },
    ]);
  });
});

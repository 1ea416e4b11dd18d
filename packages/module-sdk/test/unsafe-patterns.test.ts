import { describe, expect, it } from 'vitest';
import { assess } from '@aiconnected/module-sdk';
import type { ModuleManifest } from '@aiconnected/module-sdk';
import type { JsonObject } from '@aiconnected/sdk-contracts';
import { CORPUS_SHELL_VERSION } from '@aiconnected/module-sdk/testing';
import { corpusManifest } from './manifest-fixture';

// Patterns in a module's schemas run against workspace configs and event data: one that
// could backtrack exponentially (ReDoS) or is very long refuses the schema.

const FIX =
  'Rewrite the pattern without nested quantifiers such as (a+)+ or (\\w+\\s?)*, with at most 25 quantifiers and 512 characters, or check the value in the module instead';

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

describe('unsafe patterns in module schemas', () => {
  it('refuses a config pattern with nested quantifiers, pointing at it', () => {
    expect(
      findingsOf(withConfigProperty({ type: 'string', pattern: '^([a-z0-9]+-?)*$' })),
    ).toStrictEqual([
      {
        code: 'CONFIG_SCHEMA_INVALID',
        path: '/configSchema/properties/value/pattern',
        severity: 'blocking',
        message:
          'The pattern "^([a-z0-9]+-?)*$" may take exponential time on some input (nested quantifiers or more than 25 of them, as safe-regex2 rates it)',
        fix_hint: FIX,
      },
    ]);
  });

  it('refuses an unsafe patternProperties key of an event schema, pointing at the key', () => {
    const findings = findingsOf((manifest) => {
      const event = manifest.events.emits[0];
      if (!event) throw new Error('expected an emitted event');
      event.schema = {
        type: 'object',
        patternProperties: { '^(\\w+\\s?)*$': { type: 'string' } },
      };
    });
    expect(findings).toStrictEqual([
      {
        code: 'EVENT_SCHEMA_INVALID',
        path: '/events/emits/0/schema/patternProperties/^(\\w+\\s?)*$',
        severity: 'blocking',
        message:
          'The patternProperties key "^(\\\\w+\\\\s?)*$" may take exponential time on some input (nested quantifiers or more than 25 of them, as safe-regex2 rates it)',
        fix_hint: FIX,
      },
    ]);
  });

  it('refuses more than 25 quantifiers and patterns longer than 512 characters', () => {
    expect(
      findingsOf(withConfigProperty({ type: 'string', pattern: 'a?'.repeat(26) })).map(
        (finding) => [finding.code, finding.path],
      ),
    ).toStrictEqual([['CONFIG_SCHEMA_INVALID', '/configSchema/properties/value/pattern']]);
    expect(
      findingsOf(withConfigProperty({ type: 'string', pattern: 'a?'.repeat(25) })),
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
    const unsafe = { type: 'string', pattern: '(a+)+$' };
    const findings = findingsOf((manifest) => {
      manifest.configSchema = {
        type: 'object',
        $defs: { slug: unsafe },
        properties: {
          tags: { type: 'array', items: unsafe },
          either: { allOf: [unsafe] },
          map: { type: 'object', propertyNames: unsafe },
          cond: { if: unsafe, then: unsafe },
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

  it('accepts safe patterns, and leaves properties named "pattern" and data values alone', () => {
    expect(
      findingsOf((manifest) => {
        manifest.configSchema = {
          type: 'object',
          properties: {
            slug: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,62}$' },
            pattern: { type: 'string', const: '(a+)+' },
            rule: {
              type: 'object',
              properties: { pattern: { type: 'string' } },
              default: { pattern: '(a+)+' },
              examples: [{ pattern: '(x*)*' }],
            },
            choice: { enum: [{ pattern: '(a|a)*' }] },
          },
          patternProperties: { '^x-[a-z]+$': { type: 'string' } },
        };
      }),
    ).toStrictEqual([]);
  });

  it('leaves an invalid pattern to the compiler, which refuses it with its own message', () => {
    expect(
      findingsOf(withConfigProperty({ type: 'string', pattern: '(a+' })).map(
        ({ code, path, message }) => ({ code, path, message }),
      ),
    ).toStrictEqual([
      {
        code: 'CONFIG_SCHEMA_INVALID',
        path: '/configSchema',
        message: 'Not a valid JSON Schema: Invalid regular expression: /(a+/u: Unterminated group',
      },
    ]);
  });
});

import type { JsonObject } from '@aiconnected/sdk-contracts';
import { describe, expect, it } from 'vitest';
import { settingsShapeOf, visibleSettings } from '../../src/navigation/settings-shape';

// What of an installation's config reaches the module UI (ModuleRuntimeConfig.settings):
// declared properties only, no writeOnly secret at any depth, failing closed on what the
// walk cannot follow.

const settingsOf = (configSchema: unknown, config: JsonObject) =>
  visibleSettings(config, settingsShapeOf(configSchema));

describe('visibleSettings(settingsShapeOf(configSchema))', () => {
  it('keeps declared top-level properties that are not writeOnly; drops undeclared keys', () => {
    const schema = {
      type: 'object',
      properties: {
        greeting: { type: 'string' },
        apiKey: { type: 'string', writeOnly: true },
        shown: { type: 'string', writeOnly: false },
        limits: { type: 'object' },
      },
      additionalProperties: true,
    };
    expect(
      settingsOf(schema, {
        greeting: 'Hi',
        apiKey: 'secret',
        shown: 'yes',
        limits: { daily: 5 },
        undeclared: 'secret too',
      }),
    ).toStrictEqual({ greeting: 'Hi', shown: 'yes', limits: { daily: 5 } });
  });

  it('strips writeOnly properties of nested objects and of array items', () => {
    const schema = {
      type: 'object',
      properties: {
        smtp: {
          type: 'object',
          properties: {
            host: { type: 'string' },
            password: { type: 'string', writeOnly: true },
            tls: {
              type: 'object',
              properties: { key: { writeOnly: true }, on: { type: 'boolean' } },
            },
          },
        },
        webhooks: {
          type: 'array',
          items: {
            type: 'object',
            properties: { url: { type: 'string' }, secret: { type: 'string', writeOnly: true } },
          },
        },
        tags: { type: 'array', items: { type: 'string' } },
        keys: { type: 'array', items: { type: 'string', writeOnly: true } },
      },
    };
    expect(
      settingsOf(schema, {
        smtp: { host: 'mail', password: 'p', extra: 'x', tls: { key: 'k', on: true } },
        webhooks: [
          { url: 'https://a', secret: 's1' },
          { url: 'https://b', secret: 's2' },
        ],
        tags: ['a', 'b'],
        keys: ['k1'],
      }),
    ).toStrictEqual({
      smtp: { host: 'mail', tls: { on: true } },
      webhooks: [{ url: 'https://a' }, { url: 'https://b' }],
      tags: ['a', 'b'],
    });
  });

  it('fails closed on what it cannot follow: $ref, compositions, schemas for undeclared keys', () => {
    const schema = {
      type: 'object',
      $defs: { secret: { type: 'string', writeOnly: true } },
      properties: {
        viaRef: { $ref: '#/$defs/secret' },
        viaAllOf: { allOf: [{ type: 'string' }, { writeOnly: true }] },
        either: { anyOf: [{ type: 'string' }, { type: 'number' }] },
        map: { type: 'object', additionalProperties: { type: 'string', writeOnly: true } },
        patterned: { type: 'object', patternProperties: { '^k': { type: 'string' } } },
        plain: { type: 'string' },
      },
    };
    expect(
      settingsOf(schema, {
        viaRef: 's',
        viaAllOf: 's',
        either: 1,
        map: { a: 's' },
        patterned: { k1: 'v' },
        plain: 'ok',
      }),
    ).toStrictEqual({ plain: 'ok' });
    // A top-level composition could mark a declared property writeOnly: nothing is kept.
    expect(
      settingsOf(
        {
          type: 'object',
          properties: { a: { type: 'string' } },
          allOf: [{ properties: { a: { writeOnly: true } } }],
        },
        { a: 'secret' },
      ),
    ).toStrictEqual({});
    // No declared properties, or not a schema object: nothing.
    expect(settingsOf({ type: 'object' }, { a: 1 })).toStrictEqual({});
    expect(settingsOf(true, { a: 1 })).toStrictEqual({});
  });

  it('leaves out a value that does not have its declared form', () => {
    const schema = {
      type: 'object',
      properties: {
        smtp: { type: 'object', properties: { host: { type: 'string' } } },
        list: { type: 'array', items: { type: 'object', properties: { a: { type: 'string' } } } },
      },
    };
    expect(settingsOf(schema, { smtp: 'not an object', list: [{ a: 'x' }, 'y'] })).toStrictEqual({
      list: [{ a: 'x' }],
    });
  });
});

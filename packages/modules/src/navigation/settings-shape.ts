import type { JsonObject, JsonValue } from '@aiconnected/sdk-contracts';

/**
 * What of an installation's config the module UI may read, taken from the configSchema:
 * `true` keeps the whole value; `properties` keeps only those keys of an object value, each by
 * its own shape; `items` keeps each item of an array value by one shape.
 */
export type SettingsShape = true | SettingsObjectShape | { items: SettingsShape };

/** An object's declared keys the module UI may read, each by its own shape. */
export interface SettingsObjectShape {
  properties: { [name: string]: SettingsShape };
}

/** Keywords whose subschemas this walk does not follow: what they might hide is unknown. */
const COMPOSED = ['$ref', '$dynamicRef', 'allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else'];
/** Subschemas for undeclared keys or items: left out unless declared properties or items bound them. */
const UNDECLARED = [
  'additionalProperties',
  'patternProperties',
  'unevaluatedProperties',
  'dependentSchemas',
  'prefixItems',
  'unevaluatedItems',
  'contains',
];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The shape of one (sub)schema, or null when it is left out, failing closed: `writeOnly: true`
 * (a secret an admin sets but the UI never reads back), a composition (`$ref`, `allOf`, ...),
 * or subschemas for undeclared keys or items. An object with `properties` keeps only those
 * (recursively); an array with a single `items` schema keeps its items by that; anything else
 * keeps its whole value.
 */
function shapeOf(schema: unknown): SettingsShape | null {
  if (!isObject(schema) || schema.writeOnly === true) return null;
  if (COMPOSED.some((keyword) => keyword in schema)) return null;
  if (isObject(schema.properties)) {
    const properties: SettingsObjectShape['properties'] = {};
    for (const [name, property] of Object.entries(schema.properties)) {
      const shape = shapeOf(property);
      if (shape !== null) properties[name] = shape;
    }
    return { properties };
  }
  if ('items' in schema) {
    const items = shapeOf(schema.items);
    return items === null ? null : { items };
  }
  return UNDECLARED.some((keyword) => isObject(schema[keyword])) ? null : true;
}

/**
 * The settings shape of a module's configSchema: only its declared top-level `properties`
 * (undeclared config keys never reach the UI), without `writeOnly` ones at any depth. A schema
 * this cannot walk (a top-level composition, no `properties`) keeps nothing.
 */
export function settingsShapeOf(configSchema: unknown): SettingsObjectShape {
  const shape = shapeOf(configSchema);
  return shape !== null && shape !== true && 'properties' in shape ? shape : { properties: {} };
}

/** `value` cut to `shape`; undefined when it does not have the shape's form (left out). */
function pick(value: JsonValue, shape: SettingsShape): JsonValue | undefined {
  if (shape === true) return value;
  if ('items' in shape) {
    if (!Array.isArray(value)) return undefined;
    return value.flatMap((item) => {
      const kept = pick(item, shape.items);
      return kept === undefined ? [] : [kept];
    });
  }
  if (!isObject(value)) return undefined;
  return visibleSettings(value, shape);
}

/**
 * The part of an installation's `config` the module UI may read (`ModuleRuntimeConfig.settings`):
 * the keys `shape` declares, each cut to its own shape.
 */
export function visibleSettings(config: JsonObject, shape: SettingsObjectShape): JsonObject {
  const settings: JsonObject = {};
  for (const [name, property] of Object.entries(shape.properties)) {
    const value = config[name];
    if (value === undefined) continue;
    const kept = pick(value, property);
    if (kept !== undefined) settings[name] = kept;
  }
  return settings;
}

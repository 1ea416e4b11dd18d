/**
 * The installation config form of a module, generated from its manifest's `configSchema`
 * (JSON Schema). Only flat objects get fields: properties of type string, number, integer or
 * boolean, or an `enum` of strings/numbers, with `title`, `description`, `default` and
 * `required`. Anything else (nested objects, arrays, `$ref`, combinators, type unions…) gets
 * the JSON editor instead. The server validates the config against the full schema either way
 * (its VALIDATION_BLOCKING paths are shown at the fields); nothing here is a second validator.
 */

/** A scalar a config field holds. */
export type ConfigScalar = string | number | boolean;

/** One generated field. */
export interface ConfigField {
  name: string;
  /** The property's `title`, else its name in words (`default_visibility` -> `Default visibility`). */
  label: string;
  description: string | null;
  required: boolean;
  control: 'text' | 'number' | 'integer' | 'checkbox' | 'select';
  /** For `select`: the enum's values, in order. */
  options: ConfigScalar[];
  /** For `select`: each option in words (`workspace` -> `Workspace`); the value sent is `options`'. */
  optionLabels: string[];
  default: ConfigScalar | undefined;
  minimum: number | undefined;
  maximum: number | undefined;
}

/** What the install dialog renders for a schema. */
export type ConfigForm =
  | { kind: 'none' }
  | {
      kind: 'fields';
      fields: ConfigField[];
      /** The schema's own `title` and `description`, said above the fields when present. */
      title: string | null;
      description: string | null;
    }
  | { kind: 'json'; reason: string };

/** Keywords a flat field may carry (the rest of a property's keywords send it to JSON). */
const FIELD_KEYWORDS = new Set([
  'type',
  'title',
  'description',
  'default',
  'enum',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'examples',
]);

/** Keywords the object schema itself may carry. */
const OBJECT_KEYWORDS = new Set([
  '$schema',
  '$id',
  'type',
  'title',
  'description',
  'properties',
  'required',
  'additionalProperties',
]);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isScalar = (value: unknown): value is ConfigScalar =>
  typeof value === 'string' ||
  typeof value === 'boolean' ||
  (typeof value === 'number' && Number.isFinite(value));

const json = (reason: string): ConfigForm => ({ kind: 'json', reason });

const textOf = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : null;

/**
 * A property key or enum value in words, for a label: `default_visibility`, `default-visibility`
 * and `defaultVisibility` -> `Default visibility`; all-capital words stay (`API_URL` -> `API URL`).
 */
export function humanizeKey(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_.-]+/)
    .filter((word) => word !== '')
    .map((word) => (word.length > 1 && word === word.toUpperCase() ? word : word.toLowerCase()));
  const text = words.join(' ');
  return text === '' ? key : text.charAt(0).toUpperCase() + text.slice(1);
}

/** The form for a manifest's `configSchema`. */
export function configFormOf(schema: unknown): ConfigForm {
  if (!isRecord(schema)) return json('The settings schema is not an object schema.');
  const unknownKeyword = Object.keys(schema).find((key) => !OBJECT_KEYWORDS.has(key));
  if (unknownKeyword !== undefined) return json(`The settings schema uses ${unknownKeyword}.`);
  if (schema.type !== undefined && schema.type !== 'object') {
    return json('The settings are not an object.');
  }
  const properties = schema.properties ?? {};
  if (!isRecord(properties)) return json('The settings schema has no property list.');
  const required = Array.isArray(schema.required) ? schema.required : [];
  const fields: ConfigField[] = [];
  for (const [name, property] of Object.entries(properties)) {
    const field = fieldOf(name, property, required.includes(name));
    if (field === null) return json(`The setting ${name} is not a single value.`);
    fields.push(field);
  }
  return fields.length === 0
    ? { kind: 'none' }
    : {
        kind: 'fields',
        fields,
        title: textOf(schema.title),
        description: textOf(schema.description),
      };
}

/** One property as a field, or null when it is not a flat value this form can show. */
function fieldOf(name: string, property: unknown, required: boolean): ConfigField | null {
  if (!isRecord(property)) return null;
  if (Object.keys(property).some((key) => !FIELD_KEYWORDS.has(key))) return null;
  const { type } = property;
  const base = {
    name,
    label: textOf(property.title) ?? humanizeKey(name),
    description: textOf(property.description),
    required,
    options: [] as ConfigScalar[],
    optionLabels: [] as string[],
    default: isScalar(property.default) ? property.default : undefined,
    minimum: typeof property.minimum === 'number' ? property.minimum : undefined,
    maximum: typeof property.maximum === 'number' ? property.maximum : undefined,
  };
  if (property.enum !== undefined) {
    if (!Array.isArray(property.enum) || property.enum.length === 0) return null;
    if (!property.enum.every((value) => typeof value === 'string' || typeof value === 'number')) {
      return null;
    }
    if (type !== undefined && type !== 'string' && type !== 'number' && type !== 'integer') {
      return null;
    }
    const options: ConfigScalar[] = property.enum;
    const optionLabels = options.map((option) =>
      typeof option === 'string' ? humanizeKey(option) : String(option),
    );
    return { ...base, control: 'select', options, optionLabels };
  }
  if (type === 'string') return { ...base, control: 'text' };
  if (type === 'number') return { ...base, control: 'number' };
  if (type === 'integer') return { ...base, control: 'integer' };
  if (type === 'boolean') return { ...base, control: 'checkbox' };
  return null;
}

/** What the form's inputs hold: text for text, number and select fields, a flag for checkboxes. */
export type ConfigValues = Record<string, string | boolean>;

/**
 * The inputs' starting values: the current config's value, else the schema's default, else
 * empty (a select shows its options' index as text so numbers and strings stay apart).
 */
export function initialConfigValues(
  fields: readonly ConfigField[],
  current: Record<string, unknown> = {},
): ConfigValues {
  const values: ConfigValues = {};
  for (const field of fields) {
    const value = Object.hasOwn(current, field.name) ? current[field.name] : field.default;
    if (field.control === 'checkbox') values[field.name] = value === true;
    else if (field.control === 'select') {
      const index = field.options.findIndex((option) => option === value);
      values[field.name] = index === -1 ? '' : String(index);
    } else values[field.name] = isScalar(value) ? String(value) : '';
  }
  return values;
}

/**
 * The config object sent to the API. An empty optional input is left out (the module's
 * default applies); a required one is sent empty so the server names it. A number that does
 * not parse is sent as typed, and the server's answer says so at its field.
 */
export function configFromValues(
  fields: readonly ConfigField[],
  values: ConfigValues,
): Record<string, ConfigScalar> {
  const config: Record<string, ConfigScalar> = {};
  for (const field of fields) {
    const value = values[field.name];
    if (field.control === 'checkbox') {
      config[field.name] = value === true;
      continue;
    }
    const text = typeof value === 'string' ? value : '';
    if (text === '') {
      if (field.required && field.control === 'text') config[field.name] = '';
      continue;
    }
    if (field.control === 'select') {
      const option = field.options[Number(text)];
      if (option !== undefined) config[field.name] = option;
      continue;
    }
    if (field.control === 'number' || field.control === 'integer') {
      const number = Number(text.trim());
      config[field.name] = text.trim() !== '' && Number.isFinite(number) ? number : text;
      continue;
    }
    config[field.name] = text;
  }
  return config;
}

/** An ajv "required" problem, reported at the object: the property it names. */
const MISSING_PROPERTY = /^must have required property '(.+)'$/;

/** `~1` and `~0` of a JSON Pointer segment back to `/` and `~`. */
const unescapePointer = (segment: string) => segment.replaceAll('~1', '/').replaceAll('~0', '~');

/**
 * The config's top-level property an issue path points at: `body.config/name/0` and
 * `body.config.name` -> `name`, `body.config` -> `''` (the config as a whole); null for a path
 * outside the config.
 */
function configPropertyOf(path: string): string | null {
  const match = /(?:^|[./])config(?=$|[./])/.exec(path);
  if (!match) return null;
  const rest = path.slice(match.index + match[0].length);
  if (rest === '') return '';
  if (rest.startsWith('/')) return unescapePointer(rest.slice(1).split('/')[0] ?? '');
  return rest.slice(1).split('.')[0] ?? '';
}

/**
 * The messages of a refused config by field: VALIDATION_BLOCKING `details.issues` whose path
 * points into the config (`body.config/<JSON Pointer>`, as the API reports a configSchema
 * problem, or `body.config.<name>`), keyed by the config's top-level property; a missing
 * required property (reported at the config itself) under that property as "Required."; other
 * issues about the config as a whole under `''`.
 */
export function configIssuesByField(details: unknown): Record<string, string[]> {
  const byField: Record<string, string[]> = {};
  const issues = isRecord(details) && Array.isArray(details.issues) ? details.issues : [];
  for (const issue of issues) {
    if (!isRecord(issue) || typeof issue.message !== 'string') continue;
    const name = configPropertyOf(typeof issue.path === 'string' ? issue.path : '');
    if (name === null) continue;
    const missing = name === '' ? MISSING_PROPERTY.exec(issue.message) : null;
    if (missing?.[1] !== undefined) (byField[missing[1]] ??= []).push('Required.');
    else (byField[name] ??= []).push(issue.message);
  }
  return byField;
}

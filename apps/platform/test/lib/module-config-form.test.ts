import { describe, expect, it } from 'vitest';
import {
  configFormOf,
  configFromValues,
  configIssuesByField,
  humanizeKey,
  initialConfigValues,
  type ConfigField,
} from '@/components/modules/config-form-model';

const field = (overrides: Partial<ConfigField>): ConfigField => ({
  name: 'x',
  label: 'x',
  description: null,
  required: false,
  control: 'text',
  options: [],
  optionLabels: [],
  default: undefined,
  minimum: undefined,
  maximum: undefined,
  ...overrides,
});

const fieldsOf = (schema: unknown): ConfigField[] => {
  const form = configFormOf(schema);
  if (form.kind !== 'fields') throw new Error(`expected fields, got ${JSON.stringify(form)}`);
  return form.fields;
};

describe('the install dialog’s config form, generated from the manifest’s configSchema', () => {
  it('gives no form for an object without properties (hello’s schema)', () => {
    expect(
      configFormOf({ type: 'object', properties: {}, additionalProperties: false }),
    ).toStrictEqual({ kind: 'none' });
    expect(configFormOf({ type: 'object' })).toStrictEqual({ kind: 'none' });
  });

  it('makes one field per flat property: text, number, integer, checkbox, select', () => {
    const fields = fieldsOf({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      required: ['site_name', 'limit'],
      properties: {
        site_name: {
          type: 'string',
          title: 'Site name',
          description: 'Shown on top',
          maxLength: 40,
        },
        ratio: { type: 'number', minimum: 0, maximum: 1, default: 0.5 },
        limit: { type: 'integer', minimum: 1 },
        public: { type: 'boolean', default: true },
        default_visibility: {
          description: 'Who sees a new note unless its author says otherwise',
          enum: ['private', 'workspace'],
          default: 'workspace',
        },
      },
      additionalProperties: false,
    });
    expect(fields).toStrictEqual([
      field({ name: 'site_name', label: 'Site name', description: 'Shown on top', required: true }),
      field({
        name: 'ratio',
        label: 'Ratio',
        control: 'number',
        default: 0.5,
        minimum: 0,
        maximum: 1,
      }),
      field({ name: 'limit', label: 'Limit', control: 'integer', required: true, minimum: 1 }),
      field({ name: 'public', label: 'Public', control: 'checkbox', default: true }),
      field({
        name: 'default_visibility',
        label: 'Default visibility',
        description: 'Who sees a new note unless its author says otherwise',
        control: 'select',
        options: ['private', 'workspace'],
        optionLabels: ['Private', 'Workspace'],
        default: 'workspace',
      }),
    ]);
  });

  it('labels fields by title, else the key in words; options in words, values kept; the schema’s title and description', () => {
    expect(
      configFormOf({
        type: 'object',
        title: 'Notes settings',
        description: '  How notes behave here.  ',
        properties: {
          default_visibility: { enum: ['team_only', 'workspace', 3] },
          maxItemsPerPage: { type: 'integer', title: '  ', description: '' },
          API_URL: { type: 'string', title: 'Service address' },
        },
      }),
    ).toStrictEqual({
      kind: 'fields',
      title: 'Notes settings',
      description: 'How notes behave here.',
      fields: [
        field({
          name: 'default_visibility',
          label: 'Default visibility',
          control: 'select',
          options: ['team_only', 'workspace', 3],
          optionLabels: ['Team only', 'Workspace', '3'],
        }),
        field({ name: 'maxItemsPerPage', label: 'Max items per page', control: 'integer' }),
        field({ name: 'API_URL', label: 'Service address' }),
      ],
    });
    expect(
      [
        'default_visibility',
        'default-visibility',
        'defaultVisibility',
        'API_URL',
        'x',
        '_',
        'url2Go',
      ].map(humanizeKey),
    ).toStrictEqual([
      'Default visibility',
      'Default visibility',
      'Default visibility',
      'API URL',
      'X',
      '_',
      'Url2 go',
    ]);
  });

  it('falls back to the JSON editor for anything that is not a flat object', () => {
    const fallbacks = [
      null,
      [],
      'object',
      { type: 'array', items: {} },
      { type: 'object', properties: { nested: { type: 'object', properties: {} } } },
      { type: 'object', properties: { list: { type: 'array', items: { type: 'string' } } } },
      { type: 'object', properties: { either: { type: ['string', 'null'] } } },
      { type: 'object', properties: { ref: { $ref: '#/$defs/x' } } },
      { type: 'object', properties: { one: { oneOf: [{ type: 'string' }] } } },
      { type: 'object', properties: { mixed: { enum: ['a', { b: 1 }] } } },
      { type: 'object', properties: { empty: { enum: [] } } },
      { type: 'object', properties: { x: { type: 'string' } }, allOf: [] },
      { type: 'object', properties: { x: { type: 'string' } }, $defs: {} },
      { type: 'object', properties: { x: true } },
    ];
    for (const schema of fallbacks) expect(configFormOf(schema).kind).toBe('json');
  });

  it('starts from the current config, else the default, else empty', () => {
    const fields = fieldsOf({
      type: 'object',
      properties: {
        name: { type: 'string', default: 'Hello' },
        count: { type: 'integer' },
        on: { type: 'boolean' },
        level: { enum: [1, 2, '2'], default: '2' },
      },
    });
    expect(initialConfigValues(fields)).toStrictEqual({
      name: 'Hello',
      count: '',
      on: false,
      level: '2',
    });
    expect(initialConfigValues(fields, { name: 'Hi', count: 3, on: true, level: 2 })).toStrictEqual(
      {
        name: 'Hi',
        count: '3',
        on: true,
        level: '1',
      },
    );
  });

  it('builds the config: typed values, empty optional inputs left out, unparsable numbers sent as typed', () => {
    const fields = fieldsOf({
      type: 'object',
      required: ['title'],
      properties: {
        title: { type: 'string' },
        note: { type: 'string' },
        ratio: { type: 'number' },
        limit: { type: 'integer' },
        on: { type: 'boolean' },
        level: { enum: [1, 2, '2'] },
      },
    });
    expect(
      configFromValues(fields, {
        title: '',
        note: '',
        ratio: '0.25',
        limit: 'ten',
        on: false,
        level: '1',
      }),
    ).toStrictEqual({ title: '', ratio: 0.25, limit: 'ten', on: false, level: 2 });
    expect(
      configFromValues(fields, {
        title: 'T',
        note: 'n',
        ratio: '',
        limit: ' 7 ',
        on: true,
        level: '2',
      }),
    ).toStrictEqual({ title: 'T', note: 'n', limit: 7, on: true, level: '2' });
  });

  it('shows the server’s VALIDATION_BLOCKING issues at their fields', () => {
    expect(
      configIssuesByField({
        issues: [
          { path: 'body.config/limit', message: 'must be integer' },
          { path: 'body.config/title', message: 'must be string' },
          { path: 'body.config/a~1b/0', message: 'must be string' },
          { path: 'body.config.title', message: 'too long' },
          { path: 'body.config', message: "must have required property 'site_name'" },
          { path: 'body.config', message: 'must NOT have additional properties' },
          { path: 'body.workspace_id', message: 'Invalid UUID' },
          { path: 'body.configuration/x', message: 'not the config' },
          { path: 'body.config/limit' },
        ],
      }),
    ).toStrictEqual({
      limit: ['must be integer'],
      title: ['must be string', 'too long'],
      'a/b': ['must be string'],
      site_name: ['Required.'],
      '': ['must NOT have additional properties'],
    });
    expect(configIssuesByField(undefined)).toStrictEqual({});
    expect(configIssuesByField({ issues: 'x' })).toStrictEqual({});
  });
});

import { describe, expect, it } from 'vitest';
import { assess, compileJsonSchema } from '@aiconnected/module-sdk';
import { CORPUS_SHELL_VERSION } from '@aiconnected/module-sdk/testing';
import { corpusManifest } from './manifest-fixture';

// Formats in a module's own schemas are checked: an installation config against `configSchema`
// and an event's data against the event's `schema`, as the shell validates them.

function manifestWithFormats() {
  const manifest = corpusManifest();
  manifest.configSchema = {
    type: 'object',
    properties: {
      owner_email: { type: 'string', format: 'email' },
      webhook_url: { type: 'string', format: 'uri' },
      starts_at: { type: 'string', format: 'date-time' },
    },
    additionalProperties: false,
  };
  manifest.events.emits = [
    {
      name: `${manifest.id}.contact.created`,
      schema: {
        type: 'object',
        required: ['contact_id', 'email', 'created_at', 'profile_url'],
        properties: {
          contact_id: { type: 'string', format: 'uuid' },
          email: { type: 'string', format: 'email' },
          created_at: { type: 'string', format: 'date-time' },
          profile_url: { type: 'string', format: 'uri' },
        },
        additionalProperties: false,
      },
    },
  ];
  return manifest;
}

function validatorOf(schema: unknown) {
  const compiled = compileJsonSchema(schema);
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.problems));
  return compiled.validate;
}

describe('formats in module schemas', () => {
  const manifest = manifestWithFormats();

  it('the manifest using them is accepted', () => {
    const report = assess(manifest, { shellVersion: CORPUS_SHELL_VERSION, entries: [] });
    expect(report.findings).toStrictEqual([]);
    expect(report.outcome).toBe('accepted');
  });

  it('an installation config is checked against configSchema formats', () => {
    const validate = validatorOf(manifest.configSchema);
    const good = {
      owner_email: 'ops@acme.example',
      webhook_url: 'https://hooks.acme.example/in',
      starts_at: '2026-05-01T09:30:00+02:00',
    };
    expect(validate(good)).toStrictEqual([]);
    expect(validate({ ...good, owner_email: 'ops at acme' })).toStrictEqual([
      { path: '/owner_email', message: 'must match format "email"' },
    ]);
    expect(validate({ ...good, webhook_url: 'hooks.acme.example/in' })).toStrictEqual([
      { path: '/webhook_url', message: 'must match format "uri"' },
    ]);
    expect(validate({ ...good, starts_at: '2026-05-01 9:30' })).toStrictEqual([
      { path: '/starts_at', message: 'must match format "date-time"' },
    ]);
  });

  it("an event payload is checked against the event's schema formats", () => {
    const validate = validatorOf(manifest.events.emits[0]?.schema);
    const good = {
      contact_id: '8a6e0804-2bd0-4672-b79d-d97027f9071a',
      email: 'jane@acme.example',
      created_at: '2026-05-01T07:30:00Z',
      profile_url: 'https://crm.acme.example/contacts/1',
    };
    expect(validate(good)).toStrictEqual([]);
    expect(validate({ ...good, email: 'jane' })).toStrictEqual([
      { path: '/email', message: 'must match format "email"' },
    ]);
    expect(validate({ ...good, created_at: 'yesterday' })).toStrictEqual([
      { path: '/created_at', message: 'must match format "date-time"' },
    ]);
    expect(validate({ ...good, profile_url: '/contacts/1' })).toStrictEqual([
      { path: '/profile_url', message: 'must match format "uri"' },
    ]);
    expect(validate({ ...good, contact_id: 'contact-1' })).toStrictEqual([
      { path: '/contact_id', message: 'must match format "uuid"' },
    ]);
  });

  it('an unknown format or format keyword in configSchema or an event schema is a finding', () => {
    const bad = manifestWithFormats();
    (bad.configSchema as { properties: Record<string, unknown> }).properties.owner_email = {
      type: 'string',
      format: 'e-mail',
    };
    const event = bad.events.emits[0];
    if (!event) throw new Error('expected an event');
    (event.schema as { properties: Record<string, unknown> }).properties.created_at = {
      type: 'string',
      format: 'date',
      formatMinimum: '2020-01-01',
    };
    const report = assess(bad, { shellVersion: CORPUS_SHELL_VERSION, entries: [] });
    expect(
      report.findings.map(({ code, path, message }) => ({ code, path, message })),
    ).toStrictEqual([
      {
        code: 'CONFIG_SCHEMA_INVALID',
        path: '/configSchema/properties/owner_email',
        message:
          'Not a valid JSON Schema: unknown format "e-mail" ignored in schema at path "#/properties/owner_email"',
      },
      {
        code: 'EVENT_SCHEMA_INVALID',
        path: '/events/emits/0/schema',
        message: 'Not a valid JSON Schema: strict mode: unknown keyword: "formatMinimum"',
      },
    ]);
  });
});

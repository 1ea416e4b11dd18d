import { describe, expect, it } from 'vitest';
import { ShellError, type ModuleManifest } from '@aiconnected/sdk-contracts';
import { validateInstallationConfig } from '../../src/installations/validate-installation-config';
import { manifestFor } from '../support/manifest-for';

// The installation config is checked against the manifest's configSchema, formats included
// (module-sdk's compileJsonSchema with ajv-formats).

const manifest: ModuleManifest = {
  ...manifestFor('format-config', '1.0.0'),
  configSchema: {
    type: 'object',
    properties: {
      owner_email: { type: 'string', format: 'email' },
      webhook_url: { type: 'string', format: 'uri' },
      starts_at: { type: 'string', format: 'date-time' },
    },
    additionalProperties: false,
  },
};
const good = {
  owner_email: 'ops@acme.example',
  webhook_url: 'https://hooks.acme.example/in',
  starts_at: '2026-05-01T09:30:00Z',
};

function refusal(config: Record<string, string>): unknown {
  try {
    validateInstallationConfig(manifest, config);
  } catch (error) {
    if (!(error instanceof ShellError)) throw error;
    return { code: error.code, details: error.details };
  }
  return 'accepted';
}

describe('validateInstallationConfig and formats', () => {
  it('accepts a config whose values match their formats', () => {
    expect(refusal(good)).toBe('accepted');
  });

  it.each([
    ['owner_email', 'ops at acme', 'email'],
    ['webhook_url', 'hooks.acme.example/in', 'uri'],
    ['starts_at', '2026-05-01', 'date-time'],
  ])(
    'refuses %s = %j (format %s) with VALIDATION_BLOCKING at the field',
    (field, value, format) => {
      expect(refusal({ ...good, [field]: value })).toStrictEqual({
        code: 'VALIDATION_BLOCKING',
        details: {
          issues: [{ path: `body.config.${field}`, message: `must match format "${format}"` }],
        },
      });
    },
  );

  it('writes paths dotted, as the API writes its other VALIDATION_BLOCKING paths', () => {
    const nested: ModuleManifest = {
      ...manifest,
      configSchema: {
        type: 'object',
        required: ['name'],
        properties: {
          name: { type: 'string' },
          'a/b~c': { type: 'array', items: { type: 'integer' } },
        },
      },
    };
    const issues = (config: Record<string, unknown>) => {
      try {
        validateInstallationConfig(nested, config as never);
      } catch (error) {
        if (error instanceof ShellError) return (error.details as { issues: unknown }).issues;
        throw error;
      }
      return [];
    };
    expect(issues({ name: 'x', 'a/b~c': [1, 'two'] })).toStrictEqual([
      { path: 'body.config.a/b~c.1', message: 'must be integer' },
    ]);
    expect(issues({})).toStrictEqual([
      { path: 'body.config', message: "must have required property 'name'" },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as contracts from '@aiconnected/sdk-contracts';
import { CONTRACT_SCHEMAS } from '@aiconnected/sdk-contracts';

const exportedSchemas = Object.entries(contracts as Record<string, unknown>).filter(
  (entry): entry is [string, z.ZodType] => entry[1] instanceof z.ZodType,
);

describe('JSON Schema / OpenAPI conversion', () => {
  it('finds the exported schemas', () => {
    expect(exportedSchemas.length).toBeGreaterThan(30);
  });

  it.each(exportedSchemas)('converts %s with z.toJSONSchema', (_name, schema) => {
    const jsonSchema = z.toJSONSchema(schema);
    expect(jsonSchema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('names every PRD §20.1 canonical type, keyed by its meta id', () => {
    const canonical = [
      'WorkspaceContext',
      'EffectivePermissions',
      'ModuleManifest',
      'ModuleInstallationState',
      'EventEnvelope',
      'GatewayForwardHeaders',
      'BillingEntitlementState',
      'IntegrationConnectionState',
      'AIJobState',
      'BrandingProfile',
      'DomainMapping',
      'NavigationProfile',
      'FeatureFlagSet',
      'CredentialResolutionResult',
      'SDKContractVersion',
    ];
    expect(Object.keys(CONTRACT_SCHEMAS)).toEqual(expect.arrayContaining(canonical));
    for (const [name, schema] of Object.entries(CONTRACT_SCHEMAS)) {
      expect(schema.meta()?.id, name).toBe(name);
      expect(schema.meta()?.description, name).toEqual(expect.any(String));
    }
  });

  it('emits named definitions, so OpenAPI generators can reference them', () => {
    const manifest = z.toJSONSchema(CONTRACT_SCHEMAS.ModuleManifest);
    expect(manifest.$ref).toBe('#/$defs/ModuleManifest');
    expect(Object.keys(manifest.$defs ?? {})).toEqual(
      expect.arrayContaining([
        'ModuleManifest',
        'ModuleApiRoute',
        'ModuleMinimumRole',
        'JsonValue',
      ]),
    );
    const route = manifest.$defs?.ModuleApiRoute as { required?: string[] };
    expect(route.required).toContain('minimumRole');
  });

  it('gives every exported schema with a meta id a unique id', () => {
    const ids = exportedSchemas.flatMap(([, schema]) => schema.meta()?.id ?? []);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

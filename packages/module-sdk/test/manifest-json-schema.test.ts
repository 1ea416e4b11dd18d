import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { MANIFEST_JSON_SCHEMA_ID, manifestJsonSchema } from '@aiconnected/module-sdk';
import { loadManifestCorpus } from '@aiconnected/module-sdk/testing';

const corpus = loadManifestCorpus();

// Findings only assess knows about: cross-field rules, the registry, compiled schemas, refinements.
const BEYOND_THE_SCHEMA = new Set([
  'SEMVER_INVALID',
  'SEMVER_RANGE_INVALID',
  'ROUTE_PERMISSION_CONFIG_ERROR',
  'DUPLICATE_ENTRY',
  'NAVIGATION_TARGET_MISSING',
  'PERMISSION_UNDECLARED',
  'PERMISSION_UNKNOWN',
  'EVENT_NAMESPACE',
  'SHELL_EVENT_UNKNOWN',
  'EVENT_SCHEMA_INVALID',
  'EVENTS_PATH_REQUIRED',
  'CONFIG_SCHEMA_INVALID',
  'NAMESPACE_RESERVED',
  'NAMESPACE_COLLISION',
  'FRONTEND_ON_SHELL_ORIGIN',
  'VERSION_CONFLICT',
  'SDK_CONTRACT_INCOMPATIBLE',
]);
// FIELD_INVALID cases decided by zod's URL checks (protocol, credentials), which the JSON
// Schema only states as `format: uri`, an annotation.
const REFINEMENT_CASES = new Set([
  'frontend-with-credentials.json',
  'frontend-plain-http.json',
  'runtime-ftp-base-url.json',
  'schema-url-relative.json',
]);

describe('manifestJsonSchema', () => {
  const schema = manifestJsonSchema();

  it('is a draft 2020-12 document with a stable $id', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(MANIFEST_JSON_SCHEMA_ID);
    expect(schema.$ref).toBe('#/$defs/ModuleManifest');
    expect(manifestJsonSchema()).toStrictEqual(schema);
  });

  // A fresh ajv, strict, with formats as annotations: what an editor or a module's CI would run.
  const validate = new Ajv2020({ strict: true, validateFormats: false }).compile(schema);

  it.each(
    corpus.filter((entry) => entry.outcome === 'accepted').map((entry) => [entry.name, entry]),
  )('accepts the valid corpus manifest %s', (_name, entry) => {
    expect(validate(entry.manifest), JSON.stringify(validate.errors)).toBe(true);
  });

  const schemaDetectable = corpus.filter(
    (entry) => entry.outcome === 'rejected' && !REFINEMENT_CASES.has(entry.name),
  );

  it.each(schemaDetectable.map((entry) => [entry.name, entry]))(
    'refuses the invalid corpus manifest %s',
    (_name, entry) => {
      const blocking = entry.codes.filter(
        (code) =>
          ![
            'MANIFEST_VERSION_MISSING',
            'TOO_MANY_FINDINGS',
            'EVENT_CONSUMED_UNKNOWN',
            'VERSION_ALREADY_REGISTERED',
          ].includes(code),
      );
      if (blocking.every((code) => BEYOND_THE_SCHEMA.has(code))) return;
      expect(validate(entry.manifest)).toBe(false);
    },
  );

  it('leaves to assess what only assess can tell', () => {
    const onlyAssess = corpus.filter(
      (entry) =>
        entry.outcome === 'rejected' &&
        entry.codes.every(
          (code) => BEYOND_THE_SCHEMA.has(code) || code === 'MANIFEST_VERSION_MISSING',
        ),
    );
    expect(onlyAssess.length).toBeGreaterThan(15);
    for (const entry of onlyAssess) expect(validate(entry.manifest), entry.name).toBe(true);
  });
});

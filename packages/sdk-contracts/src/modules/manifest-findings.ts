import { z } from 'zod';

/** How bad a finding is: blocking findings reject the manifest, warnings only inform. */
export const MANIFEST_FINDING_SEVERITIES = ['blocking', 'warning'] as const;
export type ManifestFindingSeverity = (typeof MANIFEST_FINDING_SEVERITIES)[number];

/** The error code a rejected import answers with, decided by its blocking findings. */
export const MANIFEST_ERROR_CODES = ['MANIFEST_INVALID', 'MANIFEST_INCOMPATIBLE'] as const;
export type ManifestErrorCode = (typeof MANIFEST_ERROR_CODES)[number];

interface FindingCodeEntry {
  severity: ManifestFindingSeverity;
  /** The error code a blocking finding maps to; null for warnings. */
  error: ManifestErrorCode | null;
  /** What the finding means, one line (docs/modules.md lists them). */
  meaning: string;
  /** The default fix hint; findings usually carry a more specific one. */
  fix: string;
}

const invalid = (meaning: string, fix: string): FindingCodeEntry => ({
  severity: 'blocking',
  error: 'MANIFEST_INVALID',
  meaning,
  fix,
});
const incompatible = (meaning: string, fix: string): FindingCodeEntry => ({
  severity: 'blocking',
  error: 'MANIFEST_INCOMPATIBLE',
  meaning,
  fix,
});
const warning = (meaning: string, fix: string): FindingCodeEntry => ({
  severity: 'warning',
  error: null,
  meaning,
  fix,
});

/**
 * The stable codes of a manifest assessment (module-sdk `assess`, the import API and the CLI
 * report the same ones). Codes are never renamed or removed. A report is rejected when it has
 * any blocking finding; its error code is `MANIFEST_INCOMPATIBLE` when every blocking finding
 * maps to it, else `MANIFEST_INVALID`.
 */
export const MANIFEST_FINDING_CODES = {
  MANIFEST_NOT_OBJECT: invalid(
    'The manifest is not a JSON object.',
    'Write the manifest as one JSON object: { "id": "...", "name": "...", ... }.',
  ),
  MANIFEST_VERSION_UNSUPPORTED: invalid(
    'manifestVersion names a manifest format this shell does not read.',
    'Write "manifestVersion": 1 (or leave it out).',
  ),
  FIELD_MISSING: invalid('A required field is absent.', 'Add the field.'),
  FIELD_UNKNOWN: invalid(
    'A field the manifest format does not define (often a misspelling).',
    'Remove the field or correct its spelling.',
  ),
  FIELD_INVALID: invalid(
    'A field has the wrong type or format.',
    'Correct the value as the message says.',
  ),
  SEMVER_INVALID: invalid(
    'A version is not a semantic version (semver.org 2.0.0).',
    'Write a version such as "1.0.0" (no "v" prefix).',
  ),
  SEMVER_RANGE_INVALID: invalid(
    'engines.shell is not an npm-style semver range.',
    'Write a range such as "^1.1.0".',
  ),
  ROUTE_PERMISSION_CONFIG_ERROR: invalid(
    'A permission ends in a suffix outside read|list|view|write|create|update|delete|publish|manage|admin|configure; the route would fail closed.',
    'End the permission with one of the known suffixes, e.g. <module-id>.contacts.read.',
  ),
  DUPLICATE_ENTRY: invalid(
    'An entry (permission, capability, page, route, event...) is declared twice.',
    'Remove the repeated entry.',
  ),
  NAVIGATION_TARGET_MISSING: invalid(
    'A navigation item links to a path that is no page of the same layer.',
    "Point the navigation item at one of the layer's pages, or add that page.",
  ),
  PERMISSION_UNDECLARED: invalid(
    "An API route names a permission missing from the manifest's permissions.",
    'Add the permission to the top-level "permissions" list.',
  ),
  PERMISSION_UNKNOWN: invalid(
    "A permission is neither a shell capability nor in the module's own namespace.",
    'Use a shell capability or a key starting with "<module-id>." or "<module-id>:".',
  ),
  EVENT_NAME_INVALID: invalid(
    'An event name is not dot-separated lower-case segments.',
    'Write a name such as "<module-id>.contact.created".',
  ),
  EVENT_NAMESPACE: invalid(
    "An emitted event is outside the module's own namespace.",
    'Start the event name with "<module-id>.".',
  ),
  SHELL_EVENT_UNKNOWN: invalid(
    'A consumed event lies in a shell namespace (workspace., membership., module. ...) but the shell emits no such event (the shell-events contract), so it would never arrive.',
    'Consume one of the shell events (SHELL_EVENT_NAMES), or correct the name.',
  ),
  EVENT_SCHEMA_INVALID: invalid(
    "An event's data schema is no valid JSON Schema (draft 2020-12, strict) or exceeds the limits.",
    'Correct the schema as the message says.',
  ),
  EVENTS_PATH_REQUIRED: invalid(
    'The module consumes events but declares no runtime.webhooks.eventsPath to deliver them to.',
    'Add "runtime": { ..., "webhooks": { "eventsPath": "/webhooks/events" } } and serve it.',
  ),
  CONFIG_SCHEMA_INVALID: invalid(
    'configSchema is no valid JSON Schema (draft 2020-12, strict) or exceeds the limits.',
    'Correct the schema as the message says.',
  ),
  SITE_CAPABILITY_UNKNOWN: invalid(
    'requiredSiteCapabilities names a capability the shell site theme does not provide.',
    'Use only the capabilities listed in MODULE_SITE_THEME_CAPABILITIES.',
  ),
  NAMESPACE_RESERVED: invalid(
    'The module id is a word the shell uses in its own URLs, APIs or namespaces.',
    'Choose another id, e.g. prefix it with your product name.',
  ),
  NAMESPACE_COLLISION: invalid(
    "A permission or event lies in another registered module's namespace.",
    "Use your own module id as the prefix; another module's keys are not yours to declare.",
  ),
  FRONTEND_ON_SHELL_ORIGIN: invalid(
    "frontend.entryUrl is served from the shell's own origin, so the iframe would not be isolated.",
    'Serve the module UI from an origin of its own (another host name).',
  ),
  ASSESSMENT_FAILED: invalid(
    'The validator failed unexpectedly on this input.',
    'Check the manifest against the JSON Schema; report the problem if it persists.',
  ),
  // The registry's own findings for POST /modules/import {package_uri} (packages/modules
  // fetchManifest): the URL gave no manifest to assess.
  PACKAGE_URI_UNREACHABLE: invalid(
    'package_uri could not be fetched: no answer in time, refused, an HTTP error or too many redirects.',
    'Check that the URL answers 200 with the manifest JSON within 5 seconds, after at most 3 redirects.',
  ),
  PACKAGE_URI_FORBIDDEN: invalid(
    'package_uri is not an http(s) URL, carries credentials, or leads to a non-public address (private, loopback, link-local, metadata).',
    'Serve the manifest from a public http(s) address, or paste the manifest instead.',
  ),
  PACKAGE_URI_TOO_LARGE: invalid(
    'The document at package_uri is larger than 256 KiB.',
    'Serve the manifest alone (at most 256 KiB), not a package archive.',
  ),
  PACKAGE_URI_NOT_JSON: invalid(
    'The document at package_uri is not JSON (wrong content type or unparsable body).',
    'Serve the manifest as application/json.',
  ),
  VERSION_CONFLICT: incompatible(
    'This id and version are already registered with a different manifest.',
    'Raise "version" (e.g. to the next patch version); published versions never change.',
  ),
  SDK_CONTRACT_INCOMPATIBLE: incompatible(
    "engines.shell does not include the shell's SDK contract version.",
    'Widen "engines.shell" to include the shell version, e.g. "^1.1.0", and test against it.',
  ),
  MANIFEST_VERSION_MISSING: warning(
    'manifestVersion is absent and read as 1.',
    'Add "manifestVersion": 1.',
  ),
  VERSION_ALREADY_REGISTERED: warning(
    'This id and version are already registered with this exact manifest; importing it again changes nothing.',
    'Nothing to do, or raise "version" to publish a change.',
  ),
  EVENT_CONSUMED_UNKNOWN: warning(
    'A consumed event is emitted by no registered module (yet) and lies outside the shell namespaces.',
    'Check the event name; it is delivered once a module emitting it is registered.',
  ),
  TOO_MANY_FINDINGS: warning(
    'The report was cut after the finding limit.',
    'Fix the findings shown and assess again.',
  ),
} as const satisfies Record<string, FindingCodeEntry>;

export type ManifestFindingCode = keyof typeof MANIFEST_FINDING_CODES;
const FINDING_CODE_NAMES = Object.keys(MANIFEST_FINDING_CODES) as [
  ManifestFindingCode,
  ...ManifestFindingCode[],
];

/** One finding of a manifest assessment. */
export const manifestFindingSchema = z
  .object({
    code: z.enum(FINDING_CODE_NAMES),
    path: z.string().max(2048).meta({
      description: "JSON Pointer (RFC 6901) into the manifest, '' for the whole manifest",
    }),
    severity: z.enum(MANIFEST_FINDING_SEVERITIES),
    message: z.string().max(2048).meta({ description: 'What is wrong with the value' }),
    fix_hint: z.string().max(2048).meta({ description: 'What to write instead' }),
  })
  .meta({ id: 'ManifestFinding', description: 'One finding of a manifest assessment' });
export type ManifestFinding = z.infer<typeof manifestFindingSchema>;

/** The report of `assess`: the import API, the CLI and the admin screen show the same one. */
export const moduleAssessmentSchema = z
  .object({
    module_key: z.string().nullable(),
    version: z.string().nullable(),
    manifest_version: z.number().nullable(),
    outcome: z.enum(['accepted', 'rejected']),
    error_code: z.enum(MANIFEST_ERROR_CODES).nullable(),
    counts: z.object({ blocking: z.int().min(0), warning: z.int().min(0) }),
    findings: z.array(manifestFindingSchema),
  })
  .meta({ id: 'ModuleAssessment', description: 'Assessment report of a module manifest' });
export type ModuleAssessment = z.infer<typeof moduleAssessmentSchema>;

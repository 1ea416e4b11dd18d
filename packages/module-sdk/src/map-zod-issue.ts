import type { ManifestFinding, ManifestFindingCode } from '@aiconnected/sdk-contracts';
import { createFinding } from './create-finding';
import { describeValue } from './describe-value';
import { readPath } from './read-path';
import { suggestFieldName } from './suggest-field-name';

/** The parts of a zod issue the mapping reads (zod is sdk-contracts' dependency, not ours). */
export interface ZodIssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  params?: { code?: unknown };
  keys?: string[];
  expected?: unknown;
  values?: unknown[];
}

// Codes the manifest schema names itself in an issue's `params.code`.
const CODES_FROM_PARAMS: ReadonlySet<string> = new Set<ManifestFindingCode>([
  'SEMVER_INVALID',
  'SEMVER_RANGE_INVALID',
  'ROUTE_PERMISSION_CONFIG_ERROR',
  'DUPLICATE_ENTRY',
  'NAVIGATION_TARGET_MISSING',
  'PERMISSION_UNDECLARED',
]);

/** The findings for one zod issue of `moduleManifestSchema` on `input`. */
export function mapZodIssue(issue: ZodIssueLike, input: unknown): ManifestFinding[] {
  const path = issue.path;
  if (issue.code === 'unrecognized_keys') {
    return (issue.keys ?? []).map((key) => {
      const suggestion = suggestFieldName(key);
      return createFinding(
        'FIELD_UNKNOWN',
        [...path, key],
        `"${key}" is not a field of the manifest format here`,
        suggestion ? `Rename "${key}" to "${suggestion}"` : `Remove "${key}"`,
      );
    });
  }

  const value = readPath(input, path);
  const message = issue.message.replace(/^[A-Z_]+: /, '');
  const paramsCode = issue.params?.code;
  if (typeof paramsCode === 'string' && CODES_FROM_PARAMS.has(paramsCode)) {
    // The cross-field rules name the value in their message already.
    const named = typeof value === 'string' && message.includes(value);
    return [
      createFinding(
        paramsCode as ManifestFindingCode,
        path,
        named ? message : withValue(message, value),
      ),
    ];
  }

  const field = String(path.at(-1) ?? '');
  if (path.length === 1 && field === 'manifestVersion') {
    return [
      createFinding(
        'MANIFEST_VERSION_UNSUPPORTED',
        path,
        `manifestVersion ${describeValue(value)} is not a format this shell reads (it reads 1)`,
      ),
    ];
  }
  if (value === undefined && isMissing(input, path)) {
    return [
      createFinding(
        'FIELD_MISSING',
        path,
        `"${field}" is missing`,
        `Add "${field}"${expectedText(issue, ': ')}`,
      ),
    ];
  }
  if (/^events\/(emits|consumes)\/\d+\/name$/.test(path.join('/'))) {
    return [createFinding('EVENT_NAME_INVALID', path, withValue(message, value))];
  }
  if (/^site\/requiredSiteCapabilities\/\d+$/.test(path.join('/'))) {
    return [
      createFinding(
        'SITE_CAPABILITY_UNKNOWN',
        path,
        `${describeValue(value)} is not a site theme capability of the shell`,
        `Write one of ${(issue.values ?? []).map((item) => JSON.stringify(item)).join(', ')}, or remove it`,
      ),
    ];
  }
  if (issue.code === 'invalid_type') {
    return [
      createFinding(
        'FIELD_INVALID',
        path,
        `Expected ${expectedText(issue, '')}, got ${describeValue(value)}`,
        `Write ${expectedText(issue, '')}`,
      ),
    ];
  }
  return [
    createFinding(
      'FIELD_INVALID',
      path,
      withValue(message, value),
      expectedText(issue, 'Write ') ||
        (message.startsWith('Must') ? message : `Change it: ${message}`),
    ),
  ];
}

/** Whether the last key of `path` is absent from its (existing) parent object. */
function isMissing(input: unknown, path: ReadonlyArray<PropertyKey>): boolean {
  const parent = readPath(input, path.slice(0, -1));
  const key = path.at(-1);
  return (
    key !== undefined &&
    parent !== null &&
    typeof parent === 'object' &&
    !Array.isArray(parent) &&
    !Object.prototype.hasOwnProperty.call(parent, key)
  );
}

function withValue(message: string, value: unknown): string {
  return `${message} (got ${describeValue(value)})`;
}

/** `prefix` + what the issue expects ("one of "member", "admin"" or "a string"), or ''. */
function expectedText(issue: ZodIssueLike, prefix: string): string {
  if (issue.values && issue.values.length > 0) {
    const values = issue.values.map((item) => JSON.stringify(item));
    return `${prefix}${values.length === 1 ? values[0] : `one of ${values.join(', ')}`}`;
  }
  if (typeof issue.expected === 'string') {
    return `${prefix}${EXPECTED_TEXT[issue.expected] ?? issue.expected}`;
  }
  return '';
}

const EXPECTED_TEXT: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  array: 'an array ([...])',
  object: 'an object ({...})',
  record: 'an object ({...})',
};

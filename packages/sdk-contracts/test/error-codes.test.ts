import { describe, expect, it } from 'vitest';
import {
  ERROR_CATALOG,
  ERROR_CODES,
  ERROR_DOCS,
  ERROR_STATUS,
  ERROR_USER_MESSAGES,
  ShellError,
  errorCodeSchema,
  isErrorCode,
  type ErrorCatalogEntry,
} from '@aiconnected/sdk-contracts';

// PRD §20.2, spelled exactly as there.
const PRD_CODES = [
  'AUTH_REQUIRED',
  'SESSION_INVALID',
  'WORKSPACE_REQUIRED',
  'WORKSPACE_FORBIDDEN',
  'PERMISSION_DENIED',
  'IMPERSONATION_FORBIDDEN',
  'MANIFEST_INVALID',
  'MANIFEST_INCOMPATIBLE',
  'MODULE_NOT_REGISTERED',
  'MODULE_NOT_ENABLED',
  'MODULE_TARGET_UNHEALTHY',
  'EVENT_SCHEMA_INVALID',
  'EVENT_DELIVERY_FAILED',
  'BILLING_REQUIRED',
  'BILLING_SUSPENDED',
  'VALIDATION_BLOCKING',
  'CONFLICT',
  'RATE_LIMITED',
  'INTERNAL_ERROR',
  'IMPERSONATION_SCOPE_FORBIDDEN',
  'INTEGRATION_PROVIDER_UNAVAILABLE',
  'INTEGRATION_SCOPE_FORBIDDEN',
  'AI_JOB_INVALID_STATE',
  'AI_JOB_FORBIDDEN',
  'DOMAIN_INVALID',
  'DOMAIN_ALREADY_CLAIMED',
  'DOMAIN_VERIFICATION_FAILED',
  'BRANDING_ASSET_INVALID',
  'NAVIGATION_INVALID',
  'FEATURE_FLAG_INVALID',
  'CREDENTIAL_RESOLUTION_FAILED',
  'SDK_CONTRACT_INCOMPATIBLE',
];

describe('ERROR_CODES', () => {
  it('holds every PRD §20.2 code, then our additions, and nothing else', () => {
    expect(ERROR_CODES).toStrictEqual([
      ...PRD_CODES,
      'ROUTE_PERMISSION_CONFIG_ERROR',
      'NOT_FOUND',
      'PAYLOAD_TOO_LARGE',
      'SERVICE_UNAVAILABLE',
      'INTEGRATION_OAUTH_STATE_INVALID',
    ]);
  });

  it('gives every code a status, a doc line and a default user message', () => {
    for (const code of ERROR_CODES) {
      expect(ERROR_STATUS[code], code).toBeGreaterThanOrEqual(400);
      expect(ERROR_STATUS[code], code).toBeLessThan(600);
      expect(ERROR_DOCS[code], code).toMatch(/^\S.{19,}\.$/);
      expect(ERROR_USER_MESSAGES[code], code).toMatch(/^\S.+\.$/);
    }
    for (const table of [ERROR_STATUS, ERROR_DOCS, ERROR_USER_MESSAGES]) {
      expect(Object.keys(table).sort()).toStrictEqual([...ERROR_CODES].sort());
    }
  });

  it('maps codes to the agreed HTTP statuses', () => {
    const expected: Record<string, number> = {
      AUTH_REQUIRED: 401,
      SESSION_INVALID: 401,
      PERMISSION_DENIED: 403,
      NOT_FOUND: 404,
      PAYLOAD_TOO_LARGE: 413,
      MODULE_NOT_REGISTERED: 404,
      CONFLICT: 409,
      DOMAIN_ALREADY_CLAIMED: 409,
      VALIDATION_BLOCKING: 422,
      RATE_LIMITED: 429,
      BILLING_REQUIRED: 402,
      BILLING_SUSPENDED: 402,
      MODULE_TARGET_UNHEALTHY: 503,
      INTEGRATION_PROVIDER_UNAVAILABLE: 503,
      SERVICE_UNAVAILABLE: 503,
      INTEGRATION_OAUTH_STATE_INVALID: 422,
      INTERNAL_ERROR: 500,
    };
    for (const [code, status] of Object.entries(expected)) {
      expect(ERROR_STATUS[code as keyof typeof ERROR_STATUS], code).toBe(status);
    }
    for (const code of ERROR_CODES) {
      if (code.endsWith('_FORBIDDEN')) expect(ERROR_STATUS[code], code).toBe(403);
      if (code.endsWith('_INVALID') && code !== 'SESSION_INVALID') {
        expect(ERROR_STATUS[code], code).toBe(422);
      }
    }
  });

  it('derives the code list and the status, message and doc maps from the one catalog', () => {
    expect(ERROR_CODES).toStrictEqual(Object.keys(ERROR_CATALOG));
    for (const code of ERROR_CODES) {
      const { statuses, ...entry } = ERROR_CATALOG[code] as ErrorCatalogEntry;
      expect(entry, code).toStrictEqual({
        status: ERROR_STATUS[code],
        message: ERROR_USER_MESSAGES[code],
        doc: ERROR_DOCS[code],
      });
      if (statuses !== undefined) expect(statuses, code).toContain(entry.status);
    }
    expect(new ShellError('CONFLICT', 'internal').status).toBe(ERROR_CATALOG.CONFLICT.status);
    expect(new ShellError('CONFLICT', 'internal').userMessage).toBe(ERROR_CATALOG.CONFLICT.message);
  });

  it('answers another status only where the catalog lists it (MODULE_TARGET_UNHEALTHY 502/503/504)', () => {
    const codesWithStatuses = ERROR_CODES.filter(
      (code) => (ERROR_CATALOG[code] as ErrorCatalogEntry).statuses !== undefined,
    );
    expect(codesWithStatuses).toStrictEqual([
      'MODULE_TARGET_UNHEALTHY',
      'VALIDATION_BLOCKING',
      'PAYLOAD_TOO_LARGE',
    ]);
    const unhealthy = (status?: number) =>
      new ShellError('MODULE_TARGET_UNHEALTHY', 'internal', { status });
    expect([unhealthy().status, unhealthy(502).status, unhealthy(504).status]).toStrictEqual([
      503, 502, 504,
    ]);
    // The envelope does not change with the status.
    expect(unhealthy(504).toEnvelope('c-1')).toStrictEqual(unhealthy().toEnvelope('c-1'));
    expect(() => unhealthy(500)).toThrow(
      "HTTP status 500 is not one of MODULE_TARGET_UNHEALTHY's catalog statuses",
    );
    expect(() => new ShellError('CONFLICT', 'internal', { status: 503 })).toThrow();
    expect(new ShellError('CONFLICT', 'internal', { status: 409 }).status).toBe(409);
  });

  it('recognises codes and rejects anything else', () => {
    expect(isErrorCode('PERMISSION_DENIED')).toBe(true);
    expect(isErrorCode('permission_denied')).toBe(false);
    expect(isErrorCode('toString')).toBe(false);
    expect(errorCodeSchema.safeParse('NOT_A_CODE').success).toBe(false);
  });
});

import {
  ERROR_DOCS,
  ERROR_STATUS,
  ERROR_USER_MESSAGES,
  errorEnvelopeSchema,
  type ErrorCode,
  type ErrorEnvelope,
} from '@aiconnected/sdk-contracts';
import { correlationHeaders } from './correlation-header';

/** An OpenAPI response declaration for the error envelope. */
export interface ErrorResponseConfig {
  description: string;
  headers: typeof correlationHeaders;
  content: { 'application/json': { schema: typeof errorEnvelopeSchema; example: ErrorEnvelope } };
}

const EXAMPLE_CORRELATION_ID = '0b8f5a3e-6c1d-4e2f-9a7b-3c4d5e6f7a8b';

/** What `requireAuth` refuses with before a workspace-scoped handler runs. */
export const GUARD_ERRORS = [
  'AUTH_REQUIRED',
  'SESSION_INVALID',
  'WORKSPACE_REQUIRED',
] as const satisfies readonly ErrorCode[];

/** Every route can fail unexpectedly; declared on all of them so clients handle it. */
export const ALWAYS_POSSIBLE: readonly ErrorCode[] = ['INTERNAL_ERROR'];

/**
 * The `responses` entries of a route's error codes, grouped by HTTP status (`ERROR_STATUS`),
 * each describing when its codes are thrown (`ERROR_DOCS`). Spread into `createRoute`.
 */
export function errorResponses(codes: readonly ErrorCode[]): Record<number, ErrorResponseConfig> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set([...codes, ...ALWAYS_POSSIBLE])) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Record<number, ErrorResponseConfig> = {};
  for (const [status, statusCodes] of byStatus) {
    const [first = 'INTERNAL_ERROR'] = statusCodes;
    const example: ErrorEnvelope = {
      error: {
        code: first,
        message: ERROR_USER_MESSAGES[first],
        correlation_id: EXAMPLE_CORRELATION_ID,
      },
    };
    responses[status] = {
      description: statusCodes.map((code) => `\`${code}\`: ${ERROR_DOCS[code]}`).join('\n\n'),
      headers: correlationHeaders,
      content: { 'application/json': { schema: errorEnvelopeSchema, example } },
    };
  }
  return responses;
}

import {
  ERROR_DOCS,
  ERROR_STATUS,
  errorEnvelopeSchema,
  type ErrorCode,
} from '@aiconnected/sdk-contracts';
import { correlationHeaders } from './correlation-header';

/** An OpenAPI response declaration for the error envelope. */
export interface ErrorResponseConfig {
  description: string;
  headers: typeof correlationHeaders;
  content: { 'application/json': { schema: typeof errorEnvelopeSchema } };
}

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
    responses[status] = {
      description: statusCodes.map((code) => `\`${code}\`: ${ERROR_DOCS[code]}`).join('\n\n'),
      headers: correlationHeaders,
      content: { 'application/json': { schema: errorEnvelopeSchema } },
    };
  }
  return responses;
}

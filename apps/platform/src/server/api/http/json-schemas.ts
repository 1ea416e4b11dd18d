import { z } from '@hono/zod-openapi';
import { correlationHeaders } from './correlation-header';

/** A JSON request body declaration for `createRoute`. */
export function jsonBody<T extends z.ZodType>(schema: T, description?: string) {
  return {
    required: true,
    ...(description ? { description } : {}),
    content: { 'application/json': { schema } },
  } as const;
}

/** A 200 JSON response declaration carrying the correlation header. */
export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return {
    description,
    headers: correlationHeaders,
    content: { 'application/json': { schema } },
  } as const;
}

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

/**
 * A JSON response declaration carrying the correlation header, with an example of the answer
 * when the schema's own would not do.
 */
export function jsonResponse<T extends z.ZodType>(
  schema: T,
  description: string,
  example?: z.infer<T>,
) {
  return {
    description,
    headers: correlationHeaders,
    content: { 'application/json': { schema, ...(example === undefined ? {} : { example }) } },
  } as const;
}

import { z } from 'zod';

/** Any JSON value: what survives `JSON.stringify` / `JSON.parse` unchanged. */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

// A named recursive schema rather than `z.json()`: the OpenAPI generator behind
// @hono/zod-openapi recurses forever on `z.json()`'s anonymous self-reference, while a lazy
// schema with an id becomes a `$ref` to itself.
export const jsonValueSchema: z.ZodType<JsonValue> = z
  .lazy(() =>
    z.union([
      z.string(),
      z.number(),
      z.boolean(),
      z.null(),
      z.array(jsonValueSchema),
      z.record(z.string(), jsonValueSchema),
    ]),
  )
  .meta({ id: 'JsonValue', description: 'Any JSON value' });

/** A JSON object with string keys, e.g. error details or a JSON Schema document. */
export const jsonObjectSchema = z.record(z.string(), jsonValueSchema);
export type JsonObject = z.infer<typeof jsonObjectSchema>;

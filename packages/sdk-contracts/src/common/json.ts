import { z } from 'zod';
import { findJsonProblem } from './find-json-problem';

/** Any JSON value: what survives `JSON.stringify` / `JSON.parse` unchanged. */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

// A named recursive schema rather than `z.json()`: the OpenAPI generator behind
// @hono/zod-openapi recurses forever on `z.json()`'s anonymous self-reference, while a lazy
// schema with an id becomes a `$ref` to itself.
const jsonNodeSchema: z.ZodType<JsonValue> = z
  .lazy(() =>
    z.union([
      z.string(),
      z.number(),
      z.boolean(),
      z.null(),
      z.array(jsonNodeSchema),
      z.record(z.string(), jsonNodeSchema),
    ]),
  )
  .meta({ id: 'JsonValue', description: 'Any JSON value' });

// Checked once, without recursion, BEFORE zod's recursive parse: a string or key with NUL or a
// lone surrogate (Postgres jsonb refuses both: a 500 otherwise), or a nesting deeper than 64
// levels (200 000 levels overflow the stack). One issue at the offending place, and zod never
// walks the value. A preprocess keeps the JSON Schema (input side) the inner schema's.
function refuseJsonProblem(value: unknown, context: z.RefinementCtx): unknown {
  const problem = findJsonProblem(value);
  if (problem) {
    context.addIssue({
      code: 'custom',
      message: problem.message,
      path: problem.path,
      input: value,
    });
  }
  return value;
}

/**
 * Any JSON value Postgres jsonb can store: no NUL or lone surrogate in strings and keys, at
 * most `JSON_MAX_DEPTH` levels of arrays and objects.
 */
export const jsonValueSchema: z.ZodType<JsonValue> = z.preprocess(
  refuseJsonProblem,
  jsonNodeSchema,
);

/** A JSON object with string keys, e.g. error details or a JSON Schema document (same rules). */
export const jsonObjectSchema = z.preprocess(
  refuseJsonProblem,
  z.record(z.string(), jsonNodeSchema),
);
export type JsonObject = { [key: string]: JsonValue };

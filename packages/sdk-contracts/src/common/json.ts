import { z } from 'zod';

/** Any JSON value: what survives `JSON.stringify` / `JSON.parse` unchanged. */
export const jsonValueSchema = z.json().meta({ id: 'JsonValue', description: 'Any JSON value' });
export type JsonValue = z.infer<typeof jsonValueSchema>;

/** A JSON object with string keys, e.g. error details or a JSON Schema document. */
export const jsonObjectSchema = z.record(z.string(), jsonValueSchema);
export type JsonObject = z.infer<typeof jsonObjectSchema>;

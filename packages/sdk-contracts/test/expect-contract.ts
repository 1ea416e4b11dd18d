import { expect } from 'vitest';
import type { z } from 'zod';

/**
 * Asserts that `schema` accepts `valid` unchanged and rejects each variant produced by
 * spreading an override onto it (an override value of `undefined` removes the field).
 */
export function expectContract(
  schema: z.ZodType,
  valid: Record<string, unknown>,
  invalid: Record<string, Record<string, unknown>>,
) {
  expect(schema.parse(valid)).toStrictEqual(valid);
  for (const [label, override] of Object.entries(invalid)) {
    const candidate: Record<string, unknown> = { ...valid, ...override };
    for (const [key, value] of Object.entries(override)) {
      if (value === undefined) delete candidate[key];
    }
    expect(schema.safeParse(candidate).success, label).toBe(false);
  }
}

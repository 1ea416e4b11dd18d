import { z } from 'zod';

/**
 * The JSON Schema (draft 2020-12) of a contract, as published at `/sdk/contracts` and
 * `/sdk/schemas/...`: zod's own conversion of the input side (what a client may send), with a
 * stable `$id` so editors and validators can cache and reference it.
 */
export function toContractJsonSchema(schema: z.ZodType, id: string): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'input',
  }) as Record<string, unknown>;
  return { $schema, $id: id, ...rest };
}

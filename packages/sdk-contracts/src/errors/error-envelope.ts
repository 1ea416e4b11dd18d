import { z } from 'zod';
import { correlationIdSchema } from '../common/keys';
import { jsonObjectSchema } from '../common/json';
import { errorCodeSchema } from './error-codes';

/**
 * The one error body of the shell, gateway included (ARCHITECTURE.md "API"). `message` is
 * always safe to show a user; `details` carries machine-readable specifics (e.g. the
 * findings of a manifest assessment) and is equally public.
 */
export const errorEnvelopeSchema = z
  .object({
    error: z.object({
      code: errorCodeSchema,
      message: z.string().min(1).meta({ description: 'Safe, user-facing message' }),
      details: jsonObjectSchema
        .optional()
        .meta({ description: 'Machine-readable specifics; present only when non-empty' }),
      correlation_id: correlationIdSchema,
    }),
  })
  .meta({
    id: 'ErrorEnvelope',
    description: 'Error response of every shell endpoint, the gateway included (PRD §20.2)',
  });
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

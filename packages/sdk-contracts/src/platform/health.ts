import { z } from 'zod';

/** `GET /health`: whether the platform can serve (database reachable and migrated). */
export const healthSchema = z
  .object({
    status: z
      .enum(['ok', 'degraded'])
      .meta({ description: 'ok only when the database is reachable and migrated' }),
    database: z.enum(['ok', 'unavailable']),
    schema_version: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'Highest applied migration; null when unreachable or never migrated' }),
  })
  .meta({ id: 'Health' });
export type Health = z.infer<typeof healthSchema>;

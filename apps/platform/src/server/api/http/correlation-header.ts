import { z } from '@hono/zod-openapi';

/** The header every API response carries (declared on each response of the document). */
export const correlationHeaders = z.object({
  'x-correlation-id': z.uuid().meta({
    description:
      'Fresh id of this request; quoted in the error envelope and in every server log line',
  }),
});

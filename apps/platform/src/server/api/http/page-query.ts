import { z } from '@hono/zod-openapi';
import { PAGE_LIMIT } from '@aiconnected/access';
import { safeText } from '@aiconnected/sdk-contracts';

/** The paging parameters of every list endpoint (keyset cursor and page size). */
export const pageQuery = {
  cursor: safeText(512)
    .optional()
    .meta({
      description:
        '`next_cursor` of the previous page, as returned (opaque); a value this list did not issue is ' +
        '`VALIDATION_BLOCKING`',
    }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(PAGE_LIMIT.max)
    .default(PAGE_LIMIT.default)
    .meta({ description: `Page size, 1 to ${PAGE_LIMIT.max} (default ${PAGE_LIMIT.default})` }),
};

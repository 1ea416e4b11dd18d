import { z } from 'zod';

/** One of the signed-in user's live sessions (`GET /auth/sessions`). */
export const sessionSummarySchema = z
  .object({
    id: z.uuid(),
    current: z.boolean().meta({ description: 'Whether this is the session making the request' }),
    created_at: z.iso.datetime(),
    last_seen_at: z.iso.datetime(),
    expires_at: z.iso.datetime(),
    user_agent: z.string().nullable(),
    ip: z.string().nullable(),
    active_workspace_id: z.uuid().nullable(),
    impersonating: z.boolean(),
  })
  .meta({ id: 'SessionSummary', description: 'One of the signed-in user’s live sessions' });
export type SessionSummary = z.infer<typeof sessionSummarySchema>;

/** `GET /auth/sessions`: every live session of the user (a handful, so not paged). */
export const sessionSummaryListSchema = z.object({ items: z.array(sessionSummarySchema) });
export type SessionSummaryList = z.infer<typeof sessionSummaryListSchema>;

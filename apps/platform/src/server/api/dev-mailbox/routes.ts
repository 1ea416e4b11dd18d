import { createRoute, z } from '@hono/zod-openapi';
import { listMailbox } from '@aiconnected/identity';
import { mailboxMessageListSchema, safeText, ShellError } from '@aiconnected/sdk-contracts';
import { isOwnHost } from '../../is-own-host';
import type { FeatureApp } from '../context';
import type { ApiConfig } from '../guard';
import { declareAccess } from '../http/access';
import { createRouter } from '../http/create-router';
import { errorResponses } from '../http/error-responses';
import { jsonResponse } from '../http/json-schemas';

const mailboxRoute = createRoute({
  method: 'get',
  path: '/dev/mailbox',
  operationId: 'listDevMailbox',
  ...declareAccess({ kind: 'public', note: 'Only when `PLATFORM_ENV=local`.' }),
  tags: ['dev'],
  summary: 'Local mailbox',
  description:
    'The messages the platform "sent" while `MAIL_TRANSPORT=mailbox`, newest first. Exists only when ' +
    '`PLATFORM_ENV=local`; in every other deployment this path answers `NOT_FOUND`, as it does to a ' +
    "request addressed to a host other than a loopback name or the public base URL's. Needs no session: " +
    'it is the inbox of every local test user.',
  request: {
    query: z.object({
      to: safeText(320)
        .optional()
        .meta({ description: 'Only messages to this address (case-insensitive)' }),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
  },
  responses: {
    200: jsonResponse(mailboxMessageListSchema, 'The messages'),
    ...errorResponses(['VALIDATION_BLOCKING']),
  },
});

/** `GET /dev/mailbox`, declared only when the platform runs locally (`config.isLocal`). */
export function devMailboxRoutes(config: Pick<ApiConfig, 'isLocal'>): FeatureApp {
  const app = createRouter();
  if (!config.isLocal) return app;
  app.openapi(mailboxRoute, async (c) => {
    // Not for a page elsewhere that rebinds its name to this machine: it would read reset links.
    if (!isOwnHost(new URL(c.req.url).host, c.var.deps.config.baseUrl)) {
      throw new ShellError(
        'NOT_FOUND',
        `local mailbox asked through host ${new URL(c.req.url).host}`,
      );
    }
    const { to, limit } = c.req.valid('query');
    const messages = await listMailbox(c.var.deps.db, { to, limit });
    const items = messages.map((message) => ({
      id: message.id,
      to: message.to_address,
      from: message.from_address,
      subject: message.subject,
      text: message.text_body,
      html: message.html_body,
      created_at: message.created_at.toISOString(),
    }));
    return c.json({ items }, 200);
  });

  return app;
}

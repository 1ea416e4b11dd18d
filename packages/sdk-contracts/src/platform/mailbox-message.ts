import { z } from 'zod';

/** A message kept by the local mailbox transport (`GET /dev/mailbox`, local only). */
export const mailboxMessageSchema = z
  .object({
    id: z.uuid(),
    to: z.string(),
    from: z.string(),
    subject: z.string(),
    text: z.string(),
    html: z.string().nullable(),
    created_at: z.iso.datetime({ offset: true }),
  })
  .meta({ id: 'MailboxMessage', description: 'A message kept by the local mailbox transport' });
export type MailboxMessage = z.infer<typeof mailboxMessageSchema>;

/** `GET /dev/mailbox`: the messages, newest first. */
export const mailboxMessageListSchema = z.object({ items: z.array(mailboxMessageSchema) });
export type MailboxMessageList = z.infer<typeof mailboxMessageListSchema>;

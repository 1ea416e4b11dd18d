import type { Db } from '@aiconnected/db';

/** A message as the local mailbox stored it. */
export interface MailboxMessage {
  id: string;
  to_address: string;
  from_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  created_at: Date;
}

export interface ListMailboxInput {
  /** Only messages to this address (compared case-insensitively). */
  to?: string;
  limit: number;
}

/**
 * Lists the local mailbox, newest first (`GET /api/dev/mailbox`, and tests reading the links
 * they were sent). Only meaningful with the `mailbox` transport.
 */
export async function listMailbox(db: Db, input: ListMailboxInput): Promise<MailboxMessage[]> {
  return db.withService('mail: list the local mailbox', async (tx) => {
    const { rows } = await tx.query<MailboxMessage>(
      `select id, to_address, from_address, subject, text_body, html_body, created_at
         from public.mail_messages
        where $1::text is null or lower(to_address) = lower($1::text)
        order by created_at desc, id desc
        limit $2`,
      [input.to ?? null, input.limit],
    );
    return rows;
  });
}

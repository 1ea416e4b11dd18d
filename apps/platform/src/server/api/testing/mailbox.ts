import { expect } from 'vitest';
import type { ApiApp } from '../context';

/** One message of the local mailbox, as `GET /api/dev/mailbox` lists it. */
export interface MailboxMessage {
  subject: string;
  text: string;
}

/** The messages the mailbox holds for `to`, newest first, through the dev mailbox API. */
export async function mailTo(api: ApiApp, to: string): Promise<MailboxMessage[]> {
  const response = await api.request(`/api/dev/mailbox?to=${encodeURIComponent(to)}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: MailboxMessage[] }).items;
}

/** The token of the newest link (`?token=`) mailed to `to`. */
export async function linkTokenFor(api: ApiApp, to: string): Promise<string> {
  const [newest] = await mailTo(api, to);
  const token = newest?.text.match(/[?&]token=([A-Za-z0-9_-]+)/)?.[1];
  if (!token) throw new Error(`no link in the newest mail to ${to}`);
  return token;
}

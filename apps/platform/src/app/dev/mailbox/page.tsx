import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { listMailbox } from '@aiconnected/identity';
import { textProblem } from '@aiconnected/sdk-contracts';
import {
  Alert,
  AlertDescription,
  AlertTitle,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from '@aiconnected/ui';
import { MailboxEmptyState } from '@/components/dev-mailbox/mailbox-empty-state';
import { isOwnHost } from '@/server/is-own-host';
import { getRuntime } from '@/server/runtime';

export const metadata: Metadata = { title: 'Mailbox' };

// Read on every request: new mail arrives while the page is open in another tab.
export const dynamic = 'force-dynamic';

const URL_PATTERN = /(https?:\/\/[^\s<>"]+)/g;

/** A plain-text body with its links clickable (invitation, reset and verification links). */
function TextWithLinks({ text }: { text: string }) {
  const parts = text.split(URL_PATTERN);
  return (
    <p className="whitespace-pre-wrap break-words text-sm">
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          <a key={index} href={part} className="text-primary underline underline-offset-4">
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </p>
  );
}

interface MailboxPageProps {
  searchParams: { to?: string | string[] };
}

/**
 * `/dev/mailbox`: the messages the platform sent through the local mailbox transport, newest
 * first, so a developer can follow invitation and reset links. Exists only when
 * `PLATFORM_ENV=local`; elsewhere it is the ordinary not-found page.
 */
export default async function MailboxPage({ searchParams }: MailboxPageProps) {
  const { deps, db } = getRuntime();
  // Not for a page elsewhere that rebinds its name to this machine (`isOwnHost`).
  if (!deps.config.isLocal || !isOwnHost(headers().get('host'), deps.config.baseUrl)) notFound();
  // A filter that is not text (a NUL would fail the query) filters nothing.
  const to =
    typeof searchParams.to === 'string' && textProblem(searchParams.to) === null
      ? searchParams.to
      : undefined;
  const messages = db ? await listMailbox(db, { to, limit: 100 }) : null;

  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">Mailbox</h1>
        <p className="text-muted-foreground">
          Mail sent while running locally{to ? ` to ${to}` : ''}, newest first. Nothing here left
          this machine.
        </p>
      </div>
      {messages === null ? (
        <Alert variant="destructive">
          <AlertTitle>Database unavailable</AlertTitle>
          <AlertDescription>
            The mailbox is stored in the database, which is not configured.
          </AlertDescription>
        </Alert>
      ) : messages.length === 0 ? (
        <MailboxEmptyState to={to} />
      ) : (
        <ul className="space-y-4" aria-label="Messages">
          {messages.map((message) => (
            <li key={message.id}>
              <Card>
                <CardHeader>
                  <CardTitle className="text-lg">{message.subject}</CardTitle>
                  <CardDescription>
                    To {message.to_address} · from {message.from_address} ·{' '}
                    <time dateTime={message.created_at.toISOString()}>
                      {message.created_at.toISOString().replace('T', ' ').slice(0, 19)} UTC
                    </time>
                  </CardDescription>
                </CardHeader>
                <CardContent>
                  <TextWithLinks text={message.text_body} />
                </CardContent>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

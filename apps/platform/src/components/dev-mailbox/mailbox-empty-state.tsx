import { Inbox } from 'lucide-react';
import { Button, EmptyState } from '@aiconnected/ui';

/**
 * `/dev/mailbox` with nothing to show: what arrives here and how to get some, with "Check again"
 * (a full reload of the same address: the page reads the mailbox on every request) and, when
 * the list is filtered by recipient, a way back to every message.
 */
export function MailboxEmptyState({ to }: { to?: string }) {
  const here = to ? `/dev/mailbox?to=${encodeURIComponent(to)}` : '/dev/mailbox';
  return (
    <EmptyState
      role="status"
      icon={Inbox}
      headingLevel={2}
      title={
        to ? (
          <>
            No messages to <span className="break-all">{to}</span> yet
          </>
        ) : (
          'No messages yet'
        )
      }
      description={
        <>
          Invitations, password reset links and email address checks sent while running locally show
          up here instead of leaving this machine. Invite someone or ask for a reset link, then
          check again.
        </>
      }
      action={
        <>
          <Button asChild>
            <a href={here}>Check again</a>
          </Button>
          {to ? (
            <Button asChild variant="outline">
              <a href="/dev/mailbox">Show all messages</a>
            </Button>
          ) : null}
        </>
      }
    />
  );
}

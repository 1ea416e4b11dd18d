'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import { MailCheck } from 'lucide-react';
import { Badge, Button, EmptyState, toast } from '@aiconnected/ui';
import type { ListedInvitation, Page } from '@aiconnected/sdk-contracts';
import { callApi } from '@/lib/client-api';
import { FormError } from '../form-alerts';
import { formatInstant, roleLabel } from '../labels';
import { LoadMoreButton } from '../paging/load-more-button';
import { usePagedList } from '../paging/use-paged-list';

/**
 * The workspace's invitations not yet accepted (`GET /api/invitations`), each with "Resend"
 * (a new link and expiry) and "Revoke" when the API says the visitor may manage it. A list,
 * not a table, so it reads the same on a phone. The first page comes from the server (`path`
 * without a cursor), "Load more" appends the next.
 */
export function PendingInvitations({
  firstPage,
  path,
}: {
  firstPage: Page<ListedInvitation>;
  path: string;
}) {
  const router = useRouter();
  const list = usePagedList(firstPage, path);
  const invitations = list.items;
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function act(invitation: ListedInvitation, action: 'resend' | 'revoke') {
    setBusy(invitation.id);
    setError(null);
    const result =
      action === 'resend'
        ? await callApi(`/invitations/${invitation.id}/resend`, { method: 'POST' })
        : await callApi(`/invitations/${invitation.id}`, { method: 'DELETE' });
    setBusy(null);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    toast.success(
      action === 'resend'
        ? `A new invitation link was sent to ${invitation.email}.`
        : `The invitation of ${invitation.email} was revoked.`,
    );
    router.refresh();
  }

  if (invitations.length === 0) {
    return (
      <EmptyState
        icon={MailCheck}
        title="No invitations are waiting to be accepted"
        description="People you invite show here until they accept or their link expires."
      />
    );
  }

  return (
    <div className="space-y-4">
      <FormError message={error} />
      <ul aria-label="Pending invitations" className="divide-y rounded-md border">
        {invitations.map((invitation) => (
          <li key={invitation.id} className="flex flex-wrap items-center justify-between gap-3 p-3">
            <div className="min-w-0 space-y-1">
              <p className="break-all text-sm font-medium">{invitation.email}</p>
              <p className="text-xs text-muted-foreground">
                {roleLabel(invitation.role_template)} ·{' '}
                {invitation.expired ? (
                  <Badge variant="destructive">Expired</Badge>
                ) : (
                  <>Link valid until {formatInstant(invitation.expires_at)}</>
                )}
              </p>
            </div>
            {invitation.can_manage ? (
              <div className="flex gap-2">
                <Button
                  variant="outline"
                  size="sm"
                  disabled={busy !== null}
                  aria-busy={busy === invitation.id}
                  onClick={() => void act(invitation, 'resend')}
                >
                  Resend<span className="sr-only"> the invitation to {invitation.email}</span>
                </Button>
                <Button
                  variant="outline"
                  size="sm"
                  className="text-destructive"
                  disabled={busy !== null}
                  onClick={() => void act(invitation, 'revoke')}
                >
                  Revoke<span className="sr-only"> the invitation to {invitation.email}</span>
                </Button>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      <LoadMoreButton list={list} noun={{ one: 'invitation', other: 'invitations' }} />
    </div>
  );
}

'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import {
  Badge,
  Button,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  toast,
} from '@aiconnected/ui';
import type { SessionSummary } from '@aiconnected/sdk-contracts';
import { callApi } from '@/lib/client-api';
import { FormError } from '../form-alerts';
import { formatInstant } from '../labels';

/** A short, readable name for a browser's user agent string. */
function deviceName(userAgent: string | null): string {
  if (!userAgent) return 'Unknown device';
  const browser = /(Edg|Firefox|Chrome|Safari)\/[\d.]+/.exec(userAgent)?.[1];
  const system = /(Windows|Mac OS X|Android|iPhone|iPad|Linux)/.exec(userAgent)?.[1];
  const names: Record<string, string> = { Edg: 'Edge', 'Mac OS X': 'macOS' };
  if (!browser && !system) return userAgent.slice(0, 60);
  const parts = [
    browser ? (names[browser] ?? browser) : null,
    system ? (names[system] ?? system) : null,
  ];
  return parts.filter(Boolean).join(' on ');
}

/**
 * One's own live sessions (`GET /api/auth/sessions`) with "Revoke" each
 * (`DELETE /api/auth/sessions/{id}`). Revoking this session signs out here as well. On a phone
 * (below `sm`) the device column carries when it was last active and from where, and the
 * IP, last-active and expiry columns show from `sm` up, so the button stays in view (between
 * `md` and `xl`, where the sidebar takes the room, the phone layout returns).
 */
export function SessionsTable({ sessions }: { sessions: SessionSummary[] }) {
  const router = useRouter();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function revoke(session: SessionSummary) {
    setBusy(session.id);
    setError(null);
    const result = await callApi(`/auth/sessions/${session.id}`, { method: 'DELETE' });
    setBusy(null);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    if (session.current) {
      router.push('/sign-in');
      router.refresh();
      return;
    }
    toast.success('The session was revoked.');
    router.refresh();
  }

  return (
    <div className="space-y-4">
      <FormError message={error} />
      <Table scrollLabel="Your sessions">
        <TableCaption className="sr-only">Your sessions</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHead>Device</TableHead>
            <TableHead className="hidden sm:table-cell md:hidden xl:table-cell">
              IP address
            </TableHead>
            <TableHead className="hidden sm:table-cell md:hidden xl:table-cell">
              Last active
            </TableHead>
            <TableHead className="hidden sm:table-cell md:hidden xl:table-cell">Expires</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {sessions.map((session) => (
            <TableRow key={session.id}>
              <TableCell>
                {deviceName(session.user_agent)}
                {session.current ? (
                  <Badge variant="secondary" className="ml-2">
                    This session
                  </Badge>
                ) : null}
                {session.impersonating ? (
                  <Badge variant="destructive" className="ml-2">
                    Impersonating
                  </Badge>
                ) : null}
                <span className="block text-xs text-muted-foreground sm:hidden md:block xl:hidden">
                  Last active {formatInstant(session.last_seen_at)}
                  {session.ip ? ` from ${session.ip}` : ''}
                </span>
              </TableCell>
              <TableCell className="hidden font-mono text-xs sm:table-cell md:hidden xl:table-cell">
                {session.ip ?? '—'}
              </TableCell>
              <TableCell className="hidden whitespace-nowrap sm:table-cell md:hidden xl:table-cell">
                {formatInstant(session.last_seen_at)}
              </TableCell>
              <TableCell className="hidden whitespace-nowrap sm:table-cell md:hidden xl:table-cell">
                {formatInstant(session.expires_at)}
              </TableCell>
              <TableCell className="text-right">
                <Button
                  variant="outline"
                  size="sm"
                  onClick={() => void revoke(session)}
                  disabled={busy !== null}
                  aria-busy={busy === session.id}
                >
                  {session.current ? 'Sign out here' : 'Revoke'}
                  <span className="sr-only">
                    {session.current
                      ? ' (revokes this session)'
                      : ` session on ${deviceName(session.user_agent)}, last active ${formatInstant(session.last_seen_at)}`}
                  </span>
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

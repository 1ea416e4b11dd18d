'use client';

import { useState } from 'react';
import {
  Button,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '@aiconnected/ui';
import type { AuditLogEntry, AuditLogPage } from '@/lib/api-types';
import { callApi } from '@/lib/client-api';
import { FormError } from '../form-alerts';
import { formatInstant } from '../labels';

interface AuditLogTableProps {
  firstPage: AuditLogPage;
  /** The API query of the current filters, without the cursor. */
  query: string;
  /** Display names by user id and workspace names by id, for what the visitor can see. */
  userNames: Record<string, string>;
  workspaceNames: Record<string, string>;
}

/** A short, recognisable form of an id the visitor has no name for. */
const shortId = (id: string) => id.slice(0, 8);

/**
 * The audit log, newest first: the first page comes from the server, "Load more" follows the
 * API's keyset cursor (`GET /api/audit-logs?cursor=`) and appends.
 */
export function AuditLogTable({ firstPage, query, userNames, workspaceNames }: AuditLogTableProps) {
  const [items, setItems] = useState<AuditLogEntry[]>(firstPage.items);
  const [cursor, setCursor] = useState<string | null>(firstPage.next_cursor);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function loadMore() {
    if (!cursor) return;
    setPending(true);
    setError(null);
    const result = await callApi<AuditLogPage>(`/audit-logs?${query}&cursor=${encodeURIComponent(cursor)}`);
    setPending(false);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    setItems((current) => [...current, ...result.data.items]);
    setCursor(result.data.next_cursor);
  }

  const person = (id: string | null) => (id === null ? 'System' : (userNames[id] ?? `User ${shortId(id)}`));

  if (items.length === 0) {
    return <p className="text-sm text-muted-foreground">No entries match these filters.</p>;
  }

  return (
    <div className="space-y-4">
      <Table>
        <TableCaption className="sr-only">Audit log entries, newest first</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHead>Time</TableHead>
            <TableHead>Action</TableHead>
            <TableHead>Actor</TableHead>
            <TableHead>Target</TableHead>
            <TableHead>Workspace</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {items.map((entry) => (
            <TableRow key={entry.id}>
              <TableCell className="whitespace-nowrap">
                <time dateTime={entry.created_at}>{formatInstant(entry.created_at)}</time>
              </TableCell>
              <TableCell className="font-mono text-xs">{entry.action}</TableCell>
              <TableCell>
                {person(entry.actor_user_id)}
                {entry.impersonator_user_id ? (
                  <span className="block text-xs text-muted-foreground">while impersonating</span>
                ) : null}
              </TableCell>
              <TableCell className="text-xs">
                {entry.target_type}
                {entry.target_id ? (
                  <span className="block font-mono text-muted-foreground">
                    {userNames[entry.target_id] ?? workspaceNames[entry.target_id] ?? shortId(entry.target_id)}
                  </span>
                ) : null}
              </TableCell>
              <TableCell>{workspaceNames[entry.workspace_id] ?? shortId(entry.workspace_id)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <FormError message={error} />
      <div className="flex items-center justify-between gap-4 text-sm text-muted-foreground">
        <p aria-live="polite">
          {items.length} {items.length === 1 ? 'entry' : 'entries'} shown{cursor ? '' : ', no more'}.
        </p>
        {cursor ? (
          <Button variant="outline" onClick={() => void loadMore()} disabled={pending} aria-busy={pending}>
            Load more
          </Button>
        ) : null}
      </div>
    </div>
  );
}

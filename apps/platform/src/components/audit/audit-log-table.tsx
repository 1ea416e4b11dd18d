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
import type { AuditLogEntry, AuditLogPage, AuditLogPerson } from '@/lib/api-types';
import { callApi } from '@/lib/client-api';
import { FormError } from '../form-alerts';
import { formatInstant, personName } from '../labels';

interface AuditLogTableProps {
  firstPage: AuditLogPage;
  /** The API query of the current filters, without the cursor. */
  query: string;
  /** Workspace names by id, for the workspaces the visitor can see. */
  workspaceNames: Record<string, string>;
}

/** A short, recognisable form of an id the visitor has no name for. */
const shortId = (id: string) => id.slice(0, 8);

/** A user an entry names: the API's display info, else (the user row is gone) the short id. */
const personLabel = (person: AuditLogPerson | null, id: string) =>
  person ? personName(person) : `User ${shortId(id)}`;

/** A user by name, with their email below when the name is a display name. */
function PersonCell({ person, id }: { person: AuditLogPerson | null; id: string }) {
  if (!person) return <>{personLabel(person, id)}</>;
  const name = personName(person);
  return (
    <>
      {name}
      {name === person.email ? null : (
        <span className="block text-xs text-muted-foreground">{person.email}</span>
      )}
    </>
  );
}

/** What an entry acted on: a user by name, a workspace by name, anything else by short id. */
function TargetCell({
  entry,
  workspaceNames,
}: {
  entry: AuditLogEntry;
  workspaceNames: Record<string, string>;
}) {
  const { target_id: targetId } = entry;
  if (targetId === null) return null;
  if (entry.target_type === 'user') {
    return (
      <span className="block">
        <PersonCell person={entry.target_user} id={targetId} />
      </span>
    );
  }
  const workspace = workspaceNames[targetId];
  return workspace ? (
    <span className="block">{workspace}</span>
  ) : (
    <span className="block font-mono text-muted-foreground">{shortId(targetId)}</span>
  );
}

/**
 * The audit log, newest first: the first page comes from the server, "Load more" follows the
 * API's keyset cursor (`GET /api/audit-logs?cursor=`) and appends.
 */
export function AuditLogTable({ firstPage, query, workspaceNames }: AuditLogTableProps) {
  const [items, setItems] = useState<AuditLogEntry[]>(firstPage.items);
  const [cursor, setCursor] = useState<string | null>(firstPage.next_cursor);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function loadMore() {
    if (!cursor) return;
    setPending(true);
    setError(null);
    const result = await callApi<AuditLogPage>(
      `/audit-logs?${query}&cursor=${encodeURIComponent(cursor)}`,
    );
    setPending(false);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    setItems((current) => [...current, ...result.data.items]);
    setCursor(result.data.next_cursor);
  }

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
                {entry.actor_user_id === null ? (
                  'System'
                ) : (
                  <PersonCell person={entry.actor} id={entry.actor_user_id} />
                )}
                {entry.impersonator_user_id === null ? null : entry.impersonator_user_id ===
                  entry.actor_user_id ? (
                  <span className="block text-xs text-muted-foreground">while impersonating</span>
                ) : (
                  <span className="block text-xs text-muted-foreground">
                    impersonated by {personLabel(entry.impersonator, entry.impersonator_user_id)}
                  </span>
                )}
              </TableCell>
              <TableCell className="text-xs">
                {entry.target_type}
                <TargetCell entry={entry} workspaceNames={workspaceNames} />
              </TableCell>
              <TableCell>
                {workspaceNames[entry.workspace_id] ?? shortId(entry.workspace_id)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <FormError message={error} />
      <div className="flex items-center justify-between gap-4 text-sm text-muted-foreground">
        <p aria-live="polite">
          {items.length} {items.length === 1 ? 'entry' : 'entries'} shown{cursor ? '' : ', no more'}
          .
        </p>
        {cursor ? (
          <Button
            variant="outline"
            onClick={() => void loadMore()}
            disabled={pending}
            aria-busy={pending}
          >
            Load more
          </Button>
        ) : null}
      </div>
    </div>
  );
}

'use client';

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
import type { AuditLogEntry, AuditLogPage } from '@aiconnected/sdk-contracts';
import { FormError } from '../form-alerts';
import { formatInstant, personName } from '../labels';
import { usePagedList } from '../paging/use-paged-list';
import { describeAuditEntry } from './describe-audit-entry';

interface AuditLogTableProps {
  firstPage: AuditLogPage;
  /** The API query of the current filters, without the cursor. */
  query: string;
  /** Workspace names by id, for the workspaces the visitor can see. */
  workspaceNames: Record<string, string>;
}

/** A short, recognisable form of an id the visitor has no name for. */
const shortId = (id: string) => id.slice(0, 8);

/** The impersonation note under an entry: who really acted. */
function ImpersonationNote({ entry }: { entry: AuditLogEntry }) {
  const id = entry.impersonator_user_id;
  if (id === null) return null;
  const by =
    id === entry.actor_user_id
      ? 'while impersonating'
      : `impersonated by ${entry.impersonator ? personName(entry.impersonator) : `User ${shortId(id)}`}`;
  return <span className="block text-xs text-muted-foreground">{by}</span>;
}

/**
 * The audit log, newest first: the first page comes from the server, "Load more" follows the
 * API's keyset cursor (`GET /api/audit-logs?cursor=`) and appends.
 */
export function AuditLogTable({ firstPage, query, workspaceNames }: AuditLogTableProps) {
  const list = usePagedList(firstPage, `/audit-logs?${query}`);

  const workspaceName = (id: string) => workspaceNames[id] ?? `workspace ${shortId(id)}`;

  if (list.items.length === 0) {
    return <p className="text-sm text-muted-foreground">No entries match these filters.</p>;
  }

  return (
    <div className="space-y-4">
      <Table scrollLabel="Audit log entries">
        <TableCaption className="sr-only">Audit log entries, newest first</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHead>Time</TableHead>
            <TableHead>What happened</TableHead>
            <TableHead>Action</TableHead>
            <TableHead>Workspace</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {list.items.map((entry) => (
            <TableRow key={entry.id}>
              <TableCell className="whitespace-nowrap">
                <time dateTime={entry.created_at}>{formatInstant(entry.created_at)}</time>
              </TableCell>
              <TableCell>
                {describeAuditEntry(entry, workspaceName)}
                <ImpersonationNote entry={entry} />
              </TableCell>
              <TableCell className="font-mono text-xs">{entry.action}</TableCell>
              <TableCell>
                {workspaceNames[entry.workspace_id] ?? shortId(entry.workspace_id)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <FormError message={list.error} />
      <div className="flex items-center justify-between gap-4 text-sm text-muted-foreground">
        <p aria-live="polite">
          {list.items.length} {list.items.length === 1 ? 'entry' : 'entries'} shown
          {list.hasMore ? '' : ', no more'}.
        </p>
        {list.hasMore ? (
          <Button
            variant="outline"
            onClick={() => void list.loadMore()}
            disabled={list.pending}
            aria-busy={list.pending}
          >
            Load more
          </Button>
        ) : null}
      </div>
    </div>
  );
}

'use client';

import { SearchX } from 'lucide-react';
import {
  EmptyState,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '@aiconnected/ui';
import type { AuditLogEntry, AuditLogPage } from '@aiconnected/sdk-contracts';
import { formatInstant, personName } from '../labels';
import { LoadMoreButton } from '../paging/load-more-button';
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
 * API's keyset cursor (`GET /api/audit-logs?cursor=`) and appends. On a phone (below `sm`) the
 * table keeps two columns, time and what happened, with the workspace under the description;
 * the action's code and the workspace column show from `sm` up (between `md` and `lg`, where the
 * sidebar takes the room, the phone layout returns).
 */
export function AuditLogTable({ firstPage, query, workspaceNames }: AuditLogTableProps) {
  const list = usePagedList(firstPage, `/audit-logs?${query}`);

  const workspaceName = (id: string) => workspaceNames[id] ?? `workspace ${shortId(id)}`;
  /** The same, standing alone in a cell. */
  const workspaceLabel = (id: string) => workspaceNames[id] ?? `Workspace ${shortId(id)}`;

  if (list.items.length === 0) {
    return (
      <EmptyState
        role="status"
        icon={SearchX}
        title="No entries match these filters"
        description="Widen the period or clear a filter above to see more."
      />
    );
  }

  return (
    <div className="space-y-4">
      <Table scrollLabel="Audit log entries">
        <TableCaption className="sr-only">Audit log entries, newest first</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHead>Time</TableHead>
            <TableHead>What happened</TableHead>
            <TableHead className="hidden sm:table-cell md:hidden lg:table-cell">Action</TableHead>
            <TableHead className="hidden sm:table-cell md:hidden lg:table-cell">
              Workspace
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {list.items.map((entry) => (
            <TableRow key={entry.id}>
              <TableCell className="sm:whitespace-nowrap md:whitespace-normal lg:whitespace-nowrap">
                <time dateTime={entry.created_at}>{formatInstant(entry.created_at)}</time>
              </TableCell>
              <TableCell>
                {describeAuditEntry(entry, workspaceName)}
                <ImpersonationNote entry={entry} />
                <span className="block text-xs text-muted-foreground sm:hidden md:block lg:hidden">
                  {workspaceLabel(entry.workspace_id)}
                </span>
              </TableCell>
              <TableCell className="hidden font-mono text-xs sm:table-cell md:hidden lg:table-cell">
                {entry.action}
              </TableCell>
              <TableCell className="hidden sm:table-cell md:hidden lg:table-cell">
                {workspaceLabel(entry.workspace_id)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <LoadMoreButton list={list} noun={{ one: 'entry', other: 'entries' }} />
    </div>
  );
}

'use client';

import { History } from 'lucide-react';
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
import type {
  CredentialPolicyHistory,
  CredentialPolicyHistoryEntry,
} from '@aiconnected/sdk-contracts';
import { formatInstant } from '../labels';
import { LoadMoreButton } from '../paging/load-more-button';
import { usePagedList } from '../paging/use-paged-list';
import { orderLabel } from './integration-labels';

const CHANGE_LABELS: Record<CredentialPolicyHistoryEntry['change'], string> = {
  created: 'Created',
  updated: 'Changed',
  deleted: 'Removed',
};

/** The fallback switches of a version in words. */
export function fallbackText(
  entry: Pick<CredentialPolicyHistoryEntry, 'allow_parent_fallback' | 'fallback_when_invalid'>,
): string {
  if (!entry.allow_parent_fallback) return 'Off';
  return entry.fallback_when_invalid ? 'On, also when invalid' : 'On, when none';
}

/**
 * Every version of a policy, newest first (kept 365 days): its order, switches and scopes,
 * who saved it and when. "Load more" follows the API's cursor. A table from `xl` up (where its
 * seven columns fit beside the sidebar), stacked rows below.
 */
export function PolicyHistoryTable({
  firstPage,
  query,
  personNames,
}: {
  firstPage: CredentialPolicyHistory;
  /** `workspace_id=…&provider_key=…&limit=…`, without the cursor. */
  query: string;
  /** Names of the people the visitor can see, by user id. */
  personNames: Record<string, string>;
}) {
  const list = usePagedList(firstPage, `/credentials/policies/history?${query}`);
  if (list.items.length === 0) {
    return (
      <EmptyState
        role="status"
        icon={History}
        title="No changes yet"
        description="Saving the policy above records its first version here, and every change after it."
      />
    );
  }
  const who = (id: string | null) =>
    id === null ? 'The system' : (personNames[id] ?? `User ${id.slice(0, 8)}`);
  return (
    <div className="space-y-4">
      <div className="hidden xl:block">
        <Table scrollLabel="Policy history">
          <TableCaption className="sr-only">Versions of this policy, newest first</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHead>Version</TableHead>
              <TableHead>Change</TableHead>
              <TableHead>Order</TableHead>
              <TableHead>Fallback</TableHead>
              <TableHead>Scopes</TableHead>
              <TableHead>By</TableHead>
              <TableHead>When</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {list.items.map((entry) => (
              <TableRow key={`${entry.version}-${entry.change}`}>
                <TableCell>{entry.version}</TableCell>
                <TableCell>{CHANGE_LABELS[entry.change]}</TableCell>
                <TableCell className="whitespace-nowrap">
                  {orderLabel(entry.resolution_order)}
                </TableCell>
                <TableCell>{fallbackText(entry)}</TableCell>
                <TableCell className="max-w-48 break-words font-mono text-xs">
                  {entry.allowed_scopes === null ? 'Not narrowed' : entry.allowed_scopes.join(', ')}
                </TableCell>
                <TableCell>{who(entry.changed_by_user_id)}</TableCell>
                <TableCell className="whitespace-nowrap">
                  <time dateTime={entry.changed_at}>{formatInstant(entry.changed_at)}</time>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <ul className="divide-y xl:hidden" aria-label="Versions of this policy, newest first">
        {list.items.map((entry) => (
          <li key={`${entry.version}-${entry.change}`} className="space-y-2 py-3 first:pt-0">
            <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1">
              <p className="font-medium">
                Version {entry.version}{' '}
                <span className="font-normal text-muted-foreground">
                  {CHANGE_LABELS[entry.change].toLowerCase()}
                </span>
              </p>
              <p className="text-xs text-muted-foreground">
                <time dateTime={entry.changed_at}>{formatInstant(entry.changed_at)}</time> by{' '}
                {who(entry.changed_by_user_id)}
              </p>
            </div>
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
              <dt className="text-muted-foreground">Order</dt>
              <dd>{orderLabel(entry.resolution_order)}</dd>
              <dt className="text-muted-foreground">Fallback</dt>
              <dd>{fallbackText(entry)}</dd>
              <dt className="text-muted-foreground">Scopes</dt>
              <dd className="min-w-0 break-words font-mono text-xs leading-5">
                {entry.allowed_scopes === null ? 'Not narrowed' : entry.allowed_scopes.join(', ')}
              </dd>
            </dl>
          </li>
        ))}
      </ul>
      <LoadMoreButton list={list} noun={{ one: 'version', other: 'versions' }} />
    </div>
  );
}

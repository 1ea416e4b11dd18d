'use client';

import type { Page, Workspace } from '@aiconnected/sdk-contracts';
import { LoadMoreButton, type RowNoun } from '../paging/load-more-button';
import { usePagedList } from '../paging/use-paged-list';
import { WorkspaceTable, type WorkspaceTableEmpty } from './workspace-table';

interface PagedWorkspaceTableProps {
  /** The first page, read by the server page from `/api${path}`. */
  firstPage: Page<Workspace>;
  /** The list's API path with its filters (no cursor), e.g. `/workspaces?type=agency`. */
  path: string;
  caption: string;
  canImpersonate: boolean;
  inviteRoles?: string[];
  empty: WorkspaceTableEmpty;
  /** The rows' noun for the count under the table (agency, agencies). */
  noun: RowNoun;
}

/** `WorkspaceTable` over a paged list: the first page, then "Load more" for the next ones. */
export function PagedWorkspaceTable({ firstPage, path, noun, ...table }: PagedWorkspaceTableProps) {
  const list = usePagedList(firstPage, path);
  return (
    <div className="space-y-4">
      <WorkspaceTable {...table} workspaces={list.items} />
      {list.items.length > 0 ? <LoadMoreButton list={list} noun={noun} /> : null}
    </div>
  );
}

'use client';

import type { Page, WorkspaceUser } from '@aiconnected/sdk-contracts';
import { LoadMoreButton } from '../paging/load-more-button';
import { usePagedList } from '../paging/use-paged-list';
import { UsersTable } from './users-table';

interface PagedUsersTableProps {
  /** The first page, read by the server page from `/api${path}`. */
  firstPage: Page<WorkspaceUser>;
  /** `/users?workspace_id=…` (no cursor). */
  path: string;
  workspaceName: string;
  currentUserId: string;
  assignableRoles: string[];
}

/** `UsersTable` over the paged member list: the first page, then "Load more". */
export function PagedUsersTable({ firstPage, path, ...table }: PagedUsersTableProps) {
  const list = usePagedList(firstPage, path);
  return (
    <div className="space-y-4">
      <UsersTable {...table} users={list.items} />
      {list.items.length > 0 ? (
        <LoadMoreButton list={list} noun={{ one: 'member', other: 'members' }} />
      ) : null}
    </div>
  );
}

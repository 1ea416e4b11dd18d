'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import {
  Badge,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  toast,
} from '@aiconnected/ui';
import type { WorkspaceUser } from '@aiconnected/sdk-contracts';
import { FormError } from '../form-alerts';
import { roleLabel, statusLabel } from '../labels';
import { UserRowActions } from './user-row-actions';

interface UsersTableProps {
  workspaceName: string;
  users: WorkspaceUser[];
  currentUserId: string;
  assignableRoles: string[];
}

const STATUS_VARIANTS = {
  active: 'secondary',
  invited: 'outline',
  suspended: 'destructive',
} as const;

/**
 * The members of the workspace with their role and status, and per row the actions the
 * visitor may take. A success is a toast; a failure stays above the table until the next try.
 * On a phone (below `sm`, and between `md` and `lg` where the sidebar takes the room) the email
 * sits under the name and the status under the role, so the table fits without scrolling sideways (it still scrolls, in a keyboard-reachable region, when
 * it must).
 */
export function UsersTable({
  workspaceName,
  users,
  currentUserId,
  assignableRoles,
}: UsersTableProps) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);

  function done(message: string) {
    setError(null);
    toast.success(message);
    router.refresh();
  }
  function failed(message: string) {
    setError(message);
  }

  return (
    <div className="space-y-4">
      <FormError message={error} />
      <Table scrollLabel={`Members of ${workspaceName}`}>
        <TableCaption className="sr-only">Members of {workspaceName}</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHead>Name</TableHead>
            <TableHead className="hidden sm:table-cell md:hidden lg:table-cell">Email</TableHead>
            <TableHead>Role</TableHead>
            <TableHead className="hidden sm:table-cell md:hidden lg:table-cell">Status</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {users.map((user) => (
            <TableRow key={user.membership_id}>
              <TableCell className="font-medium">
                {user.display_name ?? '—'}
                {user.id === currentUserId ? (
                  <Badge variant="outline" className="ml-2">
                    You
                  </Badge>
                ) : null}
                <span className="block text-xs font-normal text-muted-foreground [overflow-wrap:anywhere] sm:hidden md:block lg:hidden">
                  {user.email}
                </span>
              </TableCell>
              <TableCell className="hidden sm:table-cell md:hidden lg:table-cell">
                {user.email}
              </TableCell>
              <TableCell className="whitespace-nowrap">
                {roleLabel(user.role_template)}
                {user.active ? null : (
                  <span className="block text-xs text-muted-foreground">Membership inactive</span>
                )}
                <span className="mt-1 block sm:hidden md:block lg:hidden">
                  <Badge variant={STATUS_VARIANTS[user.status]}>{statusLabel(user.status)}</Badge>
                </span>
              </TableCell>
              <TableCell className="hidden sm:table-cell md:hidden lg:table-cell">
                <Badge variant={STATUS_VARIANTS[user.status]}>{statusLabel(user.status)}</Badge>
              </TableCell>
              <TableCell className="text-right">
                {user.id === currentUserId ? null : (
                  <UserRowActions
                    user={user}
                    assignableRoles={assignableRoles}
                    onDone={done}
                    onError={failed}
                  />
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

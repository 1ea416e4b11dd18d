import { Building2 } from 'lucide-react';
import {
  Badge,
  EmptyState,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '@aiconnected/ui';
import type { Workspace } from '@aiconnected/sdk-contracts';
import { formatInstant, statusLabel } from '../labels';
import { ImpersonateDialog } from './impersonate-dialog';
import { InviteMemberDialog } from './invite-member-dialog';

interface WorkspaceTableProps {
  caption: string;
  workspaces: Workspace[];
  /** Whether the visitor may impersonate these workspaces. */
  canImpersonate: boolean;
  /** Roles the visitor may invite people into these workspaces with; empty: no "Invite user". */
  inviteRoles?: string[];
  /** What the empty list says: what is missing and what to do about it. */
  empty: WorkspaceTableEmpty;
}

export interface WorkspaceTableEmpty {
  title: string;
  description: string;
}

/**
 * A list of agencies or businesses: name, status, created, and "Invite user" / "Impersonate" when
 * allowed. On a phone (below `sm`) status and creation sit under the name and the buttons wrap,
 * so they stay in view; the Status and Created columns show from `sm` up (between `md` and `lg`,
 * where the sidebar takes the room, the phone layout returns).
 */
export function WorkspaceTable({
  caption,
  workspaces,
  canImpersonate,
  inviteRoles = [],
  empty,
}: WorkspaceTableProps) {
  const canInvite = inviteRoles.length > 0;
  const hasActions = canImpersonate || canInvite;
  if (workspaces.length === 0) {
    return <EmptyState icon={Building2} title={empty.title} description={empty.description} />;
  }
  return (
    <Table scrollLabel={caption}>
      <TableCaption className="sr-only">{caption}</TableCaption>
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead className="hidden sm:table-cell md:hidden lg:table-cell">Status</TableHead>
          <TableHead className="hidden sm:table-cell md:hidden lg:table-cell">Created</TableHead>
          {hasActions ? (
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          ) : null}
        </TableRow>
      </TableHeader>
      <TableBody>
        {workspaces.map((workspace) => (
          <TableRow key={workspace.id}>
            <TableCell className="font-medium">
              {workspace.name}
              <span className="mt-1 flex flex-wrap items-center gap-2 text-xs font-normal text-muted-foreground sm:hidden md:flex lg:hidden">
                <Badge variant={workspace.status === 'active' ? 'secondary' : 'destructive'}>
                  {statusLabel(workspace.status)}
                </Badge>
                {formatInstant(workspace.created_at)}
              </span>
            </TableCell>
            <TableCell className="hidden sm:table-cell md:hidden lg:table-cell">
              <Badge variant={workspace.status === 'active' ? 'secondary' : 'destructive'}>
                {statusLabel(workspace.status)}
              </Badge>
            </TableCell>
            <TableCell className="hidden whitespace-nowrap text-muted-foreground sm:table-cell md:hidden lg:table-cell">
              {formatInstant(workspace.created_at)}
            </TableCell>
            {hasActions ? (
              <TableCell>
                {workspace.status === 'active' ? (
                  <div className="flex flex-wrap justify-end gap-2">
                    {canInvite ? (
                      <InviteMemberDialog
                        workspaceId={workspace.id}
                        workspaceName={workspace.name}
                        roles={inviteRoles}
                      />
                    ) : null}
                    {canImpersonate ? (
                      <ImpersonateDialog
                        workspaceId={workspace.id}
                        workspaceName={workspace.name}
                      />
                    ) : null}
                  </div>
                ) : null}
              </TableCell>
            ) : null}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

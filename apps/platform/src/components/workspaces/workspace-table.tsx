import {
  Badge,
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
  empty: string;
}

/** A list of agencies or businesses: name, status, created, and "Invite user" / "Impersonate" when allowed. */
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
    return <p className="text-sm text-muted-foreground">{empty}</p>;
  }
  return (
    <Table scrollLabel={caption}>
      <TableCaption className="sr-only">{caption}</TableCaption>
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead>Status</TableHead>
          <TableHead>Created</TableHead>
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
            <TableCell className="font-medium">{workspace.name}</TableCell>
            <TableCell>
              <Badge variant={workspace.status === 'active' ? 'secondary' : 'destructive'}>
                {statusLabel(workspace.status)}
              </Badge>
            </TableCell>
            <TableCell className="whitespace-nowrap text-muted-foreground">
              {formatInstant(workspace.created_at)}
            </TableCell>
            {hasActions ? (
              <TableCell>
                {workspace.status === 'active' ? (
                  <div className="flex justify-end gap-2">
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

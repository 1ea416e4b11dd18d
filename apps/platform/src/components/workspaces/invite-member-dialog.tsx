'use client';

import { UserPlus } from 'lucide-react';
import {
  Button,
  Dialog,
  DialogContent,
  DialogDescription,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from '@aiconnected/ui';
import { InviteUserForm } from '../users/invite-user-form';

/**
 * "Invite user" for a child workspace (an agency from the super dashboard, a business from the
 * agency dashboard): its first administrator is invited without switching into it
 * (`POST /api/memberships` with that workspace's id), so the admin role is chosen at first.
 */
export function InviteMemberDialog({
  workspaceId,
  workspaceName,
  roles,
}: {
  workspaceId: string;
  workspaceName: string;
  roles: string[];
}) {
  return (
    <Dialog>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm">
          <UserPlus aria-hidden="true" />
          Invite user<span className="sr-only"> to {workspaceName}</span>
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Invite a user to {workspaceName}</DialogTitle>
          <DialogDescription>
            They get an email with a link to accept the invitation.
          </DialogDescription>
        </DialogHeader>
        <InviteUserForm
          workspaceId={workspaceId}
          roles={roles}
          defaultRole={roles.find((role) => role.endsWith('_admin')) ?? roles[0]}
          idPrefix={`invite-${workspaceId}`}
          stacked
        />
      </DialogContent>
    </Dialog>
  );
}

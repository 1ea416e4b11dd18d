'use client';

import { useRef, useState } from 'react';
import { MoreHorizontal } from 'lucide-react';
import {
  Button,
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from '@aiconnected/ui';
import type { WorkspaceUser } from '@aiconnected/sdk-contracts';
import { callApi } from '@/lib/client-api';
import { offeredUserActions } from '@/lib/offered-user-actions';
import { ChangeEmailDialog } from './change-email-dialog';
import { ChangeRoleDialog } from './change-role-dialog';
import { SuspendDialog } from './suspend-dialog';

interface UserRowActionsProps {
  user: WorkspaceUser;
  /** Roles the visitor may grant here; the role can be changed only when the current one is among them. */
  assignableRoles: string[];
  onDone: (message: string) => void;
  onError: (message: string) => void;
}

type OpenDialog = 'role' | 'email' | 'suspend' | null;

/**
 * The "Actions for <email>" menu of one member: change role, suspend or reactivate, send a
 * reset link, change email. Only the actions the API allows for this user are offered
 * (`offeredUserActions`); the API decides again. Dialogs return focus to this menu's button when they close.
 */
export function UserRowActions({ user, assignableRoles, onDone, onError }: UserRowActionsProps) {
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const offered = offeredUserActions(user, assignableRoles);

  if (offered.size === 0) return null;

  async function act(
    path: string,
    init: { method: 'PATCH' | 'POST'; body?: unknown },
    success: string,
  ) {
    const result = await callApi(path, init);
    if (result.ok) onDone(success);
    else onError(result.message);
  }

  const dialogProps = {
    user,
    onDone,
    onCloseAutoFocus: (event: Event) => {
      event.preventDefault();
      trigger.current?.focus();
    },
  };
  const controlled = (name: Exclude<OpenDialog, null>) => ({
    open: dialog === name,
    onOpenChange: (open: boolean) => setDialog(open ? name : null),
  });

  return (
    <>
      {/* Not modal: a dialog opened from an item takes over focus management from the menu. */}
      <DropdownMenu modal={false}>
        <DropdownMenuTrigger asChild>
          <Button ref={trigger} variant="ghost" size="icon">
            <MoreHorizontal aria-hidden="true" />
            <span className="sr-only">Actions for {user.email}</span>
          </Button>
        </DropdownMenuTrigger>
        <DropdownMenuContent align="end" className="w-56">
          {offered.has('change_role') ? (
            <DropdownMenuItem onSelect={() => setDialog('role')}>Change role</DropdownMenuItem>
          ) : null}
          {offered.has('change_email') ? (
            <DropdownMenuItem onSelect={() => setDialog('email')}>Change email</DropdownMenuItem>
          ) : null}
          {offered.has('send_reset_link') ? (
            <DropdownMenuItem
              onSelect={() =>
                void act(
                  `/users/${user.id}/password-reset-link`,
                  { method: 'POST' },
                  `A password reset link was sent to ${user.email}.`,
                )
              }
            >
              Send password reset link
            </DropdownMenuItem>
          ) : null}
          {offered.has('suspend') ? (
            <DropdownMenuItem
              className="text-destructive focus:text-destructive"
              onSelect={() => setDialog('suspend')}
            >
              Suspend
            </DropdownMenuItem>
          ) : null}
          {offered.has('reactivate') ? (
            <DropdownMenuItem
              onSelect={() =>
                void act(
                  `/users/${user.id}`,
                  { method: 'PATCH', body: { status: 'active' } },
                  `${user.email} is active again.`,
                )
              }
            >
              Reactivate
            </DropdownMenuItem>
          ) : null}
        </DropdownMenuContent>
      </DropdownMenu>
      {offered.has('change_role') ? (
        <ChangeRoleDialog {...dialogProps} {...controlled('role')} roles={assignableRoles} />
      ) : null}
      {offered.has('change_email') ? (
        <ChangeEmailDialog {...dialogProps} {...controlled('email')} />
      ) : null}
      {offered.has('suspend') ? (
        <SuspendDialog {...dialogProps} {...controlled('suspend')} />
      ) : null}
    </>
  );
}

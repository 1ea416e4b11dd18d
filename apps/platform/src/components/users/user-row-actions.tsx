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
import type { WorkspaceUser } from '@/lib/api-types';
import { callApi } from '@/lib/client-api';
import { ChangeEmailDialog } from './change-email-dialog';
import { ChangeRoleDialog } from './change-role-dialog';
import { SuspendDialog } from './suspend-dialog';

/** Which actions the visitor may take on other members (from their effective permissions). */
export interface UserAbilities {
  manage: boolean;
  resetPassword: boolean;
  updateEmail: boolean;
}

interface UserRowActionsProps {
  user: WorkspaceUser;
  abilities: UserAbilities;
  /** Roles the visitor may grant here; the role can be changed only when the current one is among them. */
  assignableRoles: string[];
  onDone: (message: string) => void;
  onError: (message: string) => void;
}

type OpenDialog = 'role' | 'email' | 'suspend' | null;

/**
 * The "Actions for <email>" menu of one member: change role, suspend or reactivate, send a
 * reset link, change email. Only the actions the permissions allow are offered; the API
 * decides again. Dialogs return focus to this menu's button when they close.
 */
export function UserRowActions({ user, abilities, assignableRoles, onDone, onError }: UserRowActionsProps) {
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const canChangeRole = abilities.manage && assignableRoles.includes(user.role_template);
  const canSendReset = abilities.resetPassword && user.status !== 'suspended';

  if (!canChangeRole && !abilities.manage && !canSendReset && !abilities.updateEmail) return null;

  async function act(path: string, init: { method: 'PATCH' | 'POST'; body?: unknown }, success: string) {
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
          {canChangeRole ? <DropdownMenuItem onSelect={() => setDialog('role')}>Change role</DropdownMenuItem> : null}
          {abilities.updateEmail ? (
            <DropdownMenuItem onSelect={() => setDialog('email')}>Change email</DropdownMenuItem>
          ) : null}
          {canSendReset ? (
            <DropdownMenuItem
              onSelect={() =>
                void act(`/users/${user.id}/password-reset-link`, { method: 'POST' }, `A password reset link was sent to ${user.email}.`)
              }
            >
              Send password reset link
            </DropdownMenuItem>
          ) : null}
          {abilities.manage && user.status !== 'suspended' ? (
            <DropdownMenuItem className="text-destructive focus:text-destructive" onSelect={() => setDialog('suspend')}>
              Suspend
            </DropdownMenuItem>
          ) : null}
          {abilities.manage && user.status === 'suspended' ? (
            <DropdownMenuItem
              onSelect={() =>
                void act(`/users/${user.id}`, { method: 'PATCH', body: { status: 'active' } }, `${user.email} is active again.`)
              }
            >
              Reactivate
            </DropdownMenuItem>
          ) : null}
        </DropdownMenuContent>
      </DropdownMenu>
      {canChangeRole ? <ChangeRoleDialog {...dialogProps} {...controlled('role')} roles={assignableRoles} /> : null}
      {abilities.updateEmail ? <ChangeEmailDialog {...dialogProps} {...controlled('email')} /> : null}
      {abilities.manage ? <SuspendDialog {...dialogProps} {...controlled('suspend')} /> : null}
    </>
  );
}

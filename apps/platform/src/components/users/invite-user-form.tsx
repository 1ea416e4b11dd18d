'use client';

import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { Input, Label, NativeSelect, toast } from '@aiconnected/ui';
import { FormError } from '../form-alerts';
import { roleLabel } from '../labels';
import { SubmitButton } from '../submit-button';
import { useApiAction } from '../use-api-action';

/**
 * Invites someone into the workspace with a role of its level (`POST /api/memberships`): the
 * address gets an invitation mail to accept. The outcome is a toast.
 */
export function InviteUserForm({
  workspaceId,
  roles,
  idPrefix = 'invite',
  stacked = false,
  defaultRole,
}: {
  workspaceId: string;
  roles: string[];
  /** Keeps ids unique when several forms are on one page (e.g. one per workspace row). */
  idPrefix?: string;
  /** One field per line (inside a dialog) instead of one row. */
  stacked?: boolean;
  /** The role chosen at first; default: the least powerful one offered. */
  defaultRole?: string;
}) {
  const router = useRouter();
  const { pending, error, run } = useApiAction();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState(defaultRole ?? roles.at(-1) ?? '');

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await run('/memberships', {
      method: 'POST',
      body: { workspace_id: workspaceId, email, role_template: role },
    });
    if (!result.ok) return;
    toast.success(`Invitation sent to ${email}.`);
    setEmail('');
    router.refresh();
  }

  return (
    <form onSubmit={(event) => void submit(event)} className="space-y-4">
      <FormError message={error} />
      <div
        className={stacked ? 'grid gap-4' : 'grid gap-4 sm:grid-cols-[1fr_14rem_auto] sm:items-end'}
      >
        <div className="space-y-2">
          <Label htmlFor={`${idPrefix}-email`}>Email</Label>
          <Input
            id={`${idPrefix}-email`}
            name="email"
            type="email"
            autoComplete="off"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </div>
        <div className="space-y-2">
          <Label htmlFor={`${idPrefix}-role`}>Role</Label>
          <NativeSelect
            id={`${idPrefix}-role`}
            name="role_template"
            value={role}
            onChange={(event) => setRole(event.target.value)}
          >
            {roles.map((candidate) => (
              <option key={candidate} value={candidate}>
                {roleLabel(candidate)}
              </option>
            ))}
          </NativeSelect>
        </div>
        <SubmitButton pending={pending} className={stacked ? 'justify-self-end' : undefined}>
          Send invitation
        </SubmitButton>
      </div>
    </form>
  );
}

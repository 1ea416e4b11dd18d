'use client';

import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { Input, Label } from '@aiconnected/ui';
import type { InvitationAccepted } from '@aiconnected/sdk-contracts';
import { destinationAfterSignIn } from '@/lib/destinations';
import { FormError } from '../form-alerts';
import { SubmitButton } from '../submit-button';
import { useApiAction } from '../use-api-action';
import { NewPasswordFields } from './new-password-fields';

/**
 * Accepts an invitation (`POST /api/auth/invitations/accept`): a new account gives a name and
 * chooses a password; an existing account confirms with its current password. The API signs
 * the person in, so the next page is their workspace.
 */
export function AcceptInvitationForm({
  token,
  email,
  existingAccount,
}: {
  token: string;
  email: string;
  existingAccount: boolean;
}) {
  const router = useRouter();
  const { pending, error, setError, run } = useApiAction();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!existingAccount && password !== confirmation) {
      setError('The two passwords do not match.');
      return;
    }
    const result = await run<InvitationAccepted>('/auth/invitations/accept', {
      method: 'POST',
      body: existingAccount ? { token, password } : { token, password, display_name: name },
    });
    if (!result.ok) return;
    router.push(
      destinationAfterSignIn(result.data.workspace_options, result.data.default_workspace_id, null),
    );
    router.refresh();
  }

  return (
    <form onSubmit={(event) => void submit(event)} className="space-y-4">
      <p className="text-sm">
        Account: <span className="font-medium">{email}</span>
      </p>
      <FormError message={error} />
      {existingAccount ? (
        <div className="space-y-2">
          <Label htmlFor="accept-current-password">Your password</Label>
          <Input
            id="accept-current-password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </div>
      ) : (
        <NewAccountFields
          name={name}
          onNameChange={setName}
          password={password}
          confirmation={confirmation}
          onPasswordChange={setPassword}
          onConfirmationChange={setConfirmation}
          email={email}
        />
      )}
      <SubmitButton pending={pending} className="w-full">
        Accept and sign in
      </SubmitButton>
    </form>
  );
}

interface NewAccountFieldsProps {
  name: string;
  onNameChange: (value: string) => void;
  password: string;
  confirmation: string;
  onPasswordChange: (value: string) => void;
  onConfirmationChange: (value: string) => void;
  email: string;
}

/** A new account's name and chosen password (with its strength meter). */
function NewAccountFields(props: NewAccountFieldsProps) {
  const { name, password, confirmation, email } = props;
  return (
    <>
      <div className="space-y-2">
        <Label htmlFor="accept-name">Your name</Label>
        <Input
          id="accept-name"
          name="display_name"
          autoComplete="name"
          required
          maxLength={200}
          value={name}
          onChange={(event) => props.onNameChange(event.target.value)}
        />
      </div>
      <NewPasswordFields
        idPrefix="accept"
        password={password}
        confirmation={confirmation}
        onPasswordChange={props.onPasswordChange}
        onConfirmationChange={props.onConfirmationChange}
        userInputs={[email, name]}
      />
    </>
  );
}

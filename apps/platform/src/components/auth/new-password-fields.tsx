'use client';

import { Input, Label } from '@aiconnected/ui';
import { PasswordStrengthMeter } from './password-strength-meter';

interface NewPasswordFieldsProps {
  idPrefix: string;
  password: string;
  confirmation: string;
  onPasswordChange: (value: string) => void;
  onConfirmationChange: (value: string) => void;
  /** The account's email and name: a password made of them is rated weak. */
  userInputs?: string[];
}

/** A new password with its strength meter, and its confirmation. */
export function NewPasswordFields(props: NewPasswordFieldsProps) {
  const { idPrefix, password, confirmation, userInputs } = props;
  return (
    <>
      <div className="space-y-2">
        <Label htmlFor={`${idPrefix}-new-password`}>New password</Label>
        <Input
          id={`${idPrefix}-new-password`}
          name="new_password"
          type="password"
          autoComplete="new-password"
          required
          aria-describedby={`${idPrefix}-strength`}
          value={password}
          onChange={(event) => props.onPasswordChange(event.target.value)}
        />
        <PasswordStrengthMeter
          id={`${idPrefix}-strength`}
          password={password}
          userInputs={userInputs}
        />
      </div>
      <div className="space-y-2">
        <Label htmlFor={`${idPrefix}-confirm-password`}>Confirm password</Label>
        <Input
          id={`${idPrefix}-confirm-password`}
          name="confirm_password"
          type="password"
          autoComplete="new-password"
          required
          value={confirmation}
          onChange={(event) => props.onConfirmationChange(event.target.value)}
        />
      </div>
    </>
  );
}

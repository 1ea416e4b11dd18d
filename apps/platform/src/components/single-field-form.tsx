'use client';

import { useState, type FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { Input, Label, toast } from '@aiconnected/ui';
import { FormError } from './form-alerts';
import { SubmitButton } from './submit-button';
import { useApiAction } from './use-api-action';

/** The form's `useApiAction().run`: tracks pending and shows the envelope's message on failure. */
export type RunApi = ReturnType<typeof useApiAction>['run'];

export interface SingleFieldFormProps {
  label: string;
  /** The input's id (the label points at it), form name and autocomplete hint, if any. */
  input: { id: string; name: string; autoComplete?: string };
  /** The saved value; the submit button stays disabled until the value differs from it. */
  initialValue: string;
  submitLabel: string;
  /** Toasted once `save` succeeded (then the page's server data is refreshed). */
  successMessage: string;
  /** Sends the value to the API through `run`, and resolves to its result. */
  save: (value: string, run: RunApi) => Promise<{ ok: boolean }>;
}

/** One required text field (at most 200 characters) and a submit button, saved through the API. */
export function SingleFieldForm(props: SingleFieldFormProps) {
  const { label, input, initialValue, submitLabel, successMessage, save } = props;
  const router = useRouter();
  const { pending, error, run } = useApiAction();
  const [value, setValue] = useState(initialValue);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const result = await save(value, run);
    if (!result.ok) return;
    toast.success(successMessage);
    router.refresh();
  }

  return (
    <form onSubmit={(event) => void submit(event)} className="space-y-4">
      <FormError message={error} />
      <div className="space-y-2">
        <Label htmlFor={input.id}>{label}</Label>
        <Input
          id={input.id}
          name={input.name}
          autoComplete={input.autoComplete}
          required
          maxLength={200}
          value={value}
          onChange={(event) => setValue(event.target.value)}
          className="max-w-md"
        />
      </div>
      <SubmitButton pending={pending} disabled={value.trim() === '' || value === initialValue}>
        {submitLabel}
      </SubmitButton>
    </form>
  );
}

'use client';

import { Loader2 } from 'lucide-react';
import { Button, type ButtonProps } from '@aiconnected/ui';

/**
 * A form's submit button: disabled and marked busy while the request runs, with the same
 * accessible name throughout (the spinner is decorative).
 */
export function SubmitButton({
  pending,
  children,
  disabled,
  ...props
}: ButtonProps & { pending: boolean }) {
  return (
    <Button type="submit" {...props} disabled={pending || disabled} aria-busy={pending}>
      {pending ? <Loader2 className="animate-spin" aria-hidden="true" /> : null}
      {children}
    </Button>
  );
}

'use client';

import { RotateCw } from 'lucide-react';
import { Button } from '@aiconnected/ui';
import { FormError } from './form-alerts';

/**
 * A save's error, beside the save button. A stale save (`CONFLICT`: someone saved after this
 * page loaded) also offers "Reload latest": the page again, with their version; the unsaved
 * changes here are dropped, as the message says. The one place the conflict is said (no toast).
 */
export function SaveError({ message, stale }: { message: string | null; stale: boolean }) {
  return (
    <FormError
      message={message}
      action={
        stale ? (
          <Button
            type="button"
            variant="outline"
            size="sm"
            onClick={() => window.location.reload()}
          >
            <RotateCw aria-hidden="true" />
            Reload latest
          </Button>
        ) : null
      }
    />
  );
}

import type { ReactNode } from 'react';
import { CircleAlert, CircleCheck } from 'lucide-react';
import { Alert, AlertDescription } from '@aiconnected/ui';

/**
 * Where a form reports a failure: an always-present live region, so a screen reader announces
 * the message when it appears. The text is the API envelope's message (never a stack); `action`
 * (a button) follows it, e.g. "Reload latest" after a stale save.
 */
export function FormError({
  message,
  id,
  action,
}: {
  message: string | null;
  id?: string;
  action?: ReactNode;
}) {
  return (
    <div aria-live="assertive" aria-atomic="true" id={id}>
      {message ? (
        <Alert variant="destructive" className="[&>svg+div]:translate-y-0 [&>svg]:top-3.5">
          <CircleAlert className="h-4 w-4" aria-hidden="true" />
          <AlertDescription>{message}</AlertDescription>
          {action ? <div className="mt-3">{action}</div> : null}
        </Alert>
      ) : null}
    </div>
  );
}

/** Where a form confirms success, announced politely. */
export function FormSuccess({ message }: { message: string | null }) {
  return (
    <div aria-live="polite" aria-atomic="true">
      {message ? (
        <Alert
          role="status"
          className="border-primary/30 bg-secondary [&>svg+div]:translate-y-0 [&>svg]:top-3.5"
        >
          <CircleCheck className="h-4 w-4" aria-hidden="true" />
          <AlertDescription>{message}</AlertDescription>
        </Alert>
      ) : null}
    </div>
  );
}

import { AlertTriangle, Ban } from 'lucide-react';
import { Alert, AlertDescription, Button, Progress } from '@aiconnected/ui';
import type { RuntimeRefusal } from './runtime-refusal';

/** The alert title's look on an h2: under the page's h1, AlertTitle's h5 would skip levels. */
const TITLE_CLASS = 'mb-1 font-medium leading-none tracking-tight';

/** Loading progress while the runtime config is read and the frame connects. */
export function ModuleHostProgress({ step, label }: { step: number; label: string }) {
  return (
    <div
      role="status"
      data-testid="module-host-status"
      className="mx-auto flex w-full max-w-sm flex-col gap-3 py-12 text-center text-sm text-muted-foreground"
    >
      <p>{label}</p>
      <Progress value={step} label={label} />
    </div>
  );
}

/** The handshake (or runtime read) failed: why, and a Retry. */
export function ModuleHostFailure({
  reason,
  message,
  onRetry,
}: {
  reason: string;
  message: string;
  onRetry: () => void;
}) {
  return (
    <Alert data-testid="module-host-error" data-reason={reason} className="space-y-3">
      <AlertTriangle className="h-4 w-4" aria-hidden="true" />
      <h2 className={TITLE_CLASS}>This module could not be started</h2>
      <AlertDescription className="space-y-3">
        <p>{message}</p>
        <Button type="button" data-testid="module-host-retry" onClick={onRetry}>
          Retry
        </Button>
      </AlertDescription>
    </Alert>
  );
}

/** The API refused the runtime config, or the shell will not frame the entry URL: with the code. */
export function ModuleHostRefusal({ refusal }: { refusal: RuntimeRefusal }) {
  return (
    <Alert data-testid="module-host-refusal" data-code={refusal.code}>
      <Ban className="h-4 w-4" aria-hidden="true" />
      <h2 className={TITLE_CLASS}>{refusal.title}</h2>
      <AlertDescription className="space-y-2">
        <p>{refusal.message}</p>
        <p className="text-muted-foreground">
          Code: <code className="font-mono text-foreground">{refusal.code}</code>
        </p>
      </AlertDescription>
    </Alert>
  );
}

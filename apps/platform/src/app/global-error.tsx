'use client';

import '@aiconnected/ui/globals.css';
import { Button } from '@aiconnected/ui';

/** Replaces the root layout when the layout itself fails; same rule as error.tsx: no details. */
export default function GlobalError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <html lang="en">
      <body className="flex min-h-screen items-center justify-center">
        <div className="space-y-4 text-center">
          <h1 className="text-xl font-semibold">aiConnected is unavailable</h1>
          <p className="text-sm text-muted-foreground">
            Something went wrong while loading the application.
            {error.digest ? <span className="font-mono"> Reference: {error.digest}</span> : null}
          </p>
          <Button onClick={reset}>Try again</Button>
        </div>
      </body>
    </html>
  );
}

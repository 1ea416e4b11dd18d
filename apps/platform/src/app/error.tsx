'use client';

import { Button, Card, CardContent, CardDescription, CardHeader, CardTitle } from '@aiconnected/ui';

/**
 * Shown when a page fails on the server or in the browser. Only the digest is displayed: it
 * lets an operator find the server log line without showing the message or stack to a visitor.
 */
export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <Card className="mx-auto max-w-md">
      <CardHeader>
        <CardTitle>Something went wrong</CardTitle>
        <CardDescription>This page could not be shown. Please try again.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        {error.digest ? (
          <p className="text-sm text-muted-foreground">
            Reference: <span className="font-mono">{error.digest}</span>
          </p>
        ) : null}
        <Button onClick={reset}>Try again</Button>
      </CardContent>
    </Card>
  );
}

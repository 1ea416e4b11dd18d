'use client';

import { Button, Card, CardContent, CardDescription, CardHeader } from '@aiconnected/ui';

/**
 * What a failed page shows. Only the digest is displayed: it lets an operator find the
 * server log line without showing the message or stack to a visitor.
 */
export function ErrorCard({ digest, onRetry }: { digest?: string; onRetry: () => void }) {
  return (
    <Card className="mx-auto max-w-md">
      <CardHeader>
        <h1 className="text-2xl font-semibold tracking-tight">Something went wrong</h1>
        <CardDescription>This page could not be shown. Please try again.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        {digest ? (
          <p className="text-sm text-muted-foreground">
            Reference: <span className="font-mono">{digest}</span>
          </p>
        ) : null}
        <Button onClick={onRetry}>Try again</Button>
      </CardContent>
    </Card>
  );
}

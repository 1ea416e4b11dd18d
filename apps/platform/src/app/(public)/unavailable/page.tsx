import type { Metadata } from 'next';
import Link from 'next/link';
import { Button, Card, CardContent, CardDescription, CardHeader } from '@aiconnected/ui';
import { currentRequestPath } from '@/lib/request-path';

export const metadata: Metadata = { title: 'Service unavailable' };

/**
 * `/unavailable`: what a page whose session cannot be resolved shows (the API answers
 * SERVICE_UNAVAILABLE: no database); the middleware renders it with HTTP 503 in place of the
 * page, whose address stays, so trying again reloads it.
 */
export default function UnavailablePage() {
  return (
    <Card className="mx-auto max-w-md">
      <CardHeader>
        <h1 className="text-2xl font-semibold leading-none tracking-tight">Service unavailable</h1>
        <CardDescription>
          aiConnected cannot reach its database just now, so this page cannot open. Try again in a
          moment; the status page shows what is down.
        </CardDescription>
      </CardHeader>
      <CardContent className="flex flex-wrap gap-3">
        <Button asChild>
          <a href={currentRequestPath()}>Try again</a>
        </Button>
        <Button asChild variant="outline">
          <Link href="/">Platform status</Link>
        </Button>
      </CardContent>
    </Card>
  );
}

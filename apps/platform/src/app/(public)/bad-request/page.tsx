import type { Metadata } from 'next';
import Link from 'next/link';
import { Button, Card, CardContent, CardDescription, CardHeader } from '@aiconnected/ui';

export const metadata: Metadata = { title: 'Malformed link' };

/**
 * `/bad-request`: what a page request with a malformed parameter (a control character in
 * its query) shows; the middleware renders it with HTTP 400 in place of the page.
 */
export default function BadRequestPage() {
  return (
    <Card className="mx-auto max-w-md">
      <CardHeader>
        <h1 className="text-2xl font-semibold leading-none tracking-tight">Malformed link</h1>
        <CardDescription>
          This address contains characters no link of ours does. Check where it came from, or start
          again from the home page.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <Button asChild variant="outline">
          <Link href="/">Go to the home page</Link>
        </Button>
      </CardContent>
    </Card>
  );
}

import Link from 'next/link';
import { Button, Card, CardContent, CardDescription, CardHeader } from '@aiconnected/ui';
import { PublicFrame } from '@/components/public-frame';
import { loadSession } from '@/lib/session';

/**
 * Shown for any page path that does not exist (API paths answer with a JSON envelope instead),
 * with the way home: the dashboard for a signed-in visitor, else sign-in.
 */
export default async function NotFound() {
  // Next renders this boundary with every page, so it must not fail where the page itself
  // is answered otherwise (no database: the middleware shows the unavailable page with 503).
  const session = await loadSession().catch(() => null);
  return (
    <PublicFrame>
      <Card className="mx-auto max-w-md">
        <CardHeader>
          <h1 className="text-2xl font-semibold tracking-tight">Page not found</h1>
          <CardDescription>There is no page at this address.</CardDescription>
        </CardHeader>
        <CardContent className="flex flex-wrap gap-3">
          {session ? (
            <Button asChild>
              <Link href={session.destination}>Back to your dashboard</Link>
            </Button>
          ) : (
            <>
              <Button asChild>
                <Link href="/sign-in">Sign in</Link>
              </Button>
              <Button asChild variant="outline">
                <Link href="/">Platform status</Link>
              </Button>
            </>
          )}
        </CardContent>
      </Card>
    </PublicFrame>
  );
}

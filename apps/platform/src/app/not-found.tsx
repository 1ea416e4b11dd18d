import Link from 'next/link';
import { Button, Card, CardContent, CardDescription, CardHeader, CardTitle } from '@aiconnected/ui';
import { PublicFrame } from '@/components/public-frame';

/** Shown for any page path that does not exist (API paths answer with a JSON envelope instead). */
export default function NotFound() {
  return (
    <PublicFrame>
      <Card className="mx-auto max-w-md">
        <CardHeader>
          <CardTitle>Page not found</CardTitle>
          <CardDescription>There is no page at this address.</CardDescription>
        </CardHeader>
        <CardContent>
          <Button asChild variant="outline">
            <Link href="/">Back to status</Link>
          </Button>
        </CardContent>
      </Card>
    </PublicFrame>
  );
}

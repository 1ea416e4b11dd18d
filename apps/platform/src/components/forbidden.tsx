import Link from 'next/link';
import { ShieldAlert } from 'lucide-react';
import { Button, Card, CardContent, CardDescription, CardHeader } from '@aiconnected/ui';
import { loadSession } from '@/lib/session';

/**
 * What a page shows when the visitor's role in the active workspace does not include it, also
 * when the address was typed by hand. Friendly, no technical detail, and a way back. While
 * impersonating, the rights are those impersonation gives, so it says how to get one's own back.
 */
export async function Forbidden({
  backHref,
  workspaceName,
}: {
  backHref: string;
  workspaceName?: string;
}) {
  const session = await loadSession();
  const impersonating = session?.impersonation.active ?? false;
  return (
    <Card className="mx-auto mt-6 max-w-lg">
      <CardHeader>
        <ShieldAlert className="h-8 w-8 text-muted-foreground" aria-hidden="true" />
        <h1 className="text-xl font-semibold tracking-tight">You don’t have access to this page</h1>
        <CardDescription>
          {impersonating
            ? `You are impersonating ${workspaceName ?? 'this workspace'}, and impersonation does not include this page. ` +
              'Use “Stop impersonating” at the top of the page to return to your own workspace and role.'
            : `${
                workspaceName
                  ? `Your role in ${workspaceName} does not include this page.`
                  : 'Your role in this workspace does not include this page.'
              } If you need it, ask an administrator of the workspace.`}
        </CardDescription>
      </CardHeader>
      <CardContent>
        <Button asChild variant="outline">
          <Link href={backHref}>Back to dashboard</Link>
        </Button>
      </CardContent>
    </Card>
  );
}

import type { ReactNode } from 'react';
import Link from 'next/link';
import { Blocks, CircleOff, SearchX, ShieldAlert } from 'lucide-react';
import { Button, Card, CardContent, CardDescription, CardHeader } from '@aiconnected/ui';

const ICONS = { module: Blocks, off: CircleOff, missing: SearchX, denied: ShieldAlert } as const;

/**
 * What a module page (`/w/{workspace}/m/{module}/…`) shows instead of the module: a card with
 * the screen's one h1, what happened in words, the stable error code when there is one (so
 * support and module developers can name it), and the way on.
 */
export function ModulePageNotice({
  icon,
  title,
  code,
  children,
  backHref,
  action,
}: {
  icon: keyof typeof ICONS;
  title: string;
  /** A stable code of sdk-contracts (`MODULE_NOT_REGISTERED`…), shown as such; none when null. */
  code: string | null;
  children: ReactNode;
  backHref: string;
  /** A button of its own (switch workspace, open Modules) before "Back to dashboard". */
  action?: ReactNode;
}) {
  const Icon = ICONS[icon];
  return (
    <Card className="mx-auto mt-6 max-w-lg">
      <CardHeader>
        <Icon className="h-8 w-8 text-muted-foreground" aria-hidden="true" />
        <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
        <CardDescription className="space-y-2">{children}</CardDescription>
        {code ? (
          <p className="text-sm text-muted-foreground">
            Code: <code className="font-mono text-foreground">{code}</code>
          </p>
        ) : null}
      </CardHeader>
      <CardContent className="flex flex-wrap items-start gap-2">
        {action}
        <Button asChild variant="outline">
          <Link href={backHref}>Back to dashboard</Link>
        </Button>
      </CardContent>
    </Card>
  );
}

import type { ReactNode } from 'react';
import { Card, CardContent, CardDescription, CardHeader } from '@aiconnected/ui';

/** The narrow card of the sign-in and emailed-link pages, titled by the page's `h1`. */
export function AuthCard({
  title,
  description,
  children,
}: {
  title: string;
  description?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card className="mx-auto w-full max-w-md">
      <CardHeader>
        <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
        {description ? <CardDescription>{description}</CardDescription> : null}
      </CardHeader>
      <CardContent>{children}</CardContent>
    </Card>
  );
}

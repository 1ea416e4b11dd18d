import type { Metadata } from 'next';
import Link from 'next/link';
import {
  Alert,
  AlertDescription,
  AlertTitle,
  Badge,
  Button,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from '@aiconnected/ui';
import { probeDatabase } from '@/server/health/probe-database';
import { getRuntime } from '@/server/runtime';

// The layout's title template applies to nested segments only, so the root page spells it out.
export const metadata: Metadata = { title: { absolute: 'Status · aiConnected' } };

// The status is read on every request; prerendering it at build time would freeze it.
export const dynamic = 'force-dynamic';

/** The platform's status: database reachability and schema version, read live on the server. */
export default async function StatusPage() {
  const { deps, db } = getRuntime();
  const probe = await probeDatabase(db, deps.healthProbeTimeoutMs);
  if (probe.failure) {
    deps.logger.warn({ err: probe.failure }, 'status page: database unavailable');
  }
  const healthy = probe.database === 'ok' && probe.schema_version !== null;

  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <h1 className="text-2xl font-semibold tracking-tight">Platform status</h1>
        <p className="text-muted-foreground">The Core Shell is running.</p>
      </div>

      <Card>
        <CardHeader>
          <CardTitle className="flex items-center gap-3">
            Health
            <Badge variant={healthy ? 'default' : 'destructive'}>
              {healthy ? 'ok' : 'degraded'}
            </Badge>
          </CardTitle>
          <CardDescription>Checked when this page was loaded.</CardDescription>
        </CardHeader>
        <CardContent>
          <dl className="grid grid-cols-[max-content_1fr] gap-x-8 gap-y-3 text-sm">
            <dt className="text-muted-foreground">Database</dt>
            <dd>
              <Badge variant={probe.database === 'ok' ? 'secondary' : 'destructive'}>
                {probe.database}
              </Badge>
            </dd>
            <dt className="text-muted-foreground">Schema version</dt>
            <dd className="font-mono">{probe.schema_version ?? 'unknown'}</dd>
          </dl>
        </CardContent>
      </Card>

      {probe.database === 'ok' && probe.schema_version === null ? (
        <Alert variant="destructive">
          <AlertTitle>No migrations applied</AlertTitle>
          <AlertDescription>
            The database is reachable but empty. Run{' '}
            <code className="font-mono">npm run db:migrate -- up</code>.
          </AlertDescription>
        </Alert>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle>Workspaces</CardTitle>
          <CardDescription>Sign in to open your workspace.</CardDescription>
        </CardHeader>
        <CardContent>
          <Button asChild variant="outline">
            <Link href="/sign-in">Sign in</Link>
          </Button>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>API</CardTitle>
          <CardDescription>
            Every endpoint lives under /api and is described by one OpenAPI 3.1 document.
          </CardDescription>
        </CardHeader>
        <CardContent className="flex flex-wrap gap-3">
          <Button asChild>
            <a href="/api/docs">API reference</a>
          </Button>
          <Button asChild variant="outline">
            <a href="/api/openapi.json">openapi.json</a>
          </Button>
          <Button asChild variant="outline">
            <a href="/api/health">/api/health</a>
          </Button>
        </CardContent>
      </Card>
    </div>
  );
}

'use client';

import { useState } from 'react';
import { Globe } from 'lucide-react';
import {
  Button,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  EmptyState,
} from '@aiconnected/ui';
import type { DomainList, DomainRecord } from '@aiconnected/sdk-contracts';
import { useApiAction } from '../use-api-action';
import { FormError } from '../form-alerts';
import { AddDomainForm } from './add-domain-form';
import { CopyValueButton } from './copy-value-button';
import { DomainCard } from './domain-card';

/** The domain manager of one workspace: its platform host, its custom domains, add a domain. */
export function DomainManager({
  workspaceId,
  firstPage,
}: {
  workspaceId: string;
  firstPage: DomainList;
}) {
  const [domains, setDomains] = useState<DomainRecord[]>(firstPage.items);
  const [cursor, setCursor] = useState(firstPage.next_cursor);
  const more = useApiAction();
  const platformUrl = firstPage.platform_url;

  async function loadMore() {
    if (!cursor) return;
    const result = await more.run<DomainList>(
      `/domains?workspace_id=${workspaceId}&limit=50&cursor=${encodeURIComponent(cursor)}`,
    );
    if (!result.ok) return;
    setDomains((current) => [...current, ...result.data.items]);
    setCursor(result.data.next_cursor);
  }

  return (
    <>
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>Platform address</h2>
          </CardTitle>
          <CardDescription>
            Works now, without any DNS set-up. Share it until your own domain is verified.
          </CardDescription>
        </CardHeader>
        <CardContent>
          {platformUrl ? (
            <div className="flex flex-wrap items-center gap-3">
              <Globe className="h-4 w-4 text-muted-foreground" aria-hidden="true" />
              {/* The host as a browser reaches it: with the port when it is not the default. */}
              <a
                href={platformUrl}
                target="_blank"
                rel="noreferrer"
                className="break-all font-mono text-sm underline underline-offset-4 hover:text-primary"
              >
                {new URL(platformUrl).host}
              </a>
              <CopyValueButton value={platformUrl} label="Platform address" />
            </div>
          ) : (
            <p className="text-sm text-muted-foreground">
              This workspace has no handle yet, so it has no platform address.
            </p>
          )}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>
            <h2>Custom domains</h2>
          </CardTitle>
          <CardDescription>
            Serve your sign-in page on your own domain. Add it, publish the TXT record we show you
            with your DNS provider, then verify.
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-6">
          <AddDomainForm
            workspaceId={workspaceId}
            onAdded={({ domain_record }) => setDomains((current) => [...current, domain_record])}
          />
          {domains.length === 0 ? (
            <EmptyState
              icon={Globe}
              title="No custom domains yet"
              description="Add a domain you own above. We will show you the one DNS record that proves it is yours."
            />
          ) : (
            <ul className="space-y-4" aria-label="Custom domains">
              {domains.map((domain) => (
                <DomainCard
                  key={domain.id}
                  domain={domain}
                  onChange={(updated) =>
                    setDomains((current) =>
                      current.map((item) => (item.id === updated.id ? updated : item)),
                    )
                  }
                  onRemoved={() =>
                    setDomains((current) => current.filter((item) => item.id !== domain.id))
                  }
                />
              ))}
            </ul>
          )}
          {cursor ? (
            <div className="space-y-2">
              <FormError message={more.error} />
              <Button
                type="button"
                variant="outline"
                onClick={() => void loadMore()}
                disabled={more.pending}
                aria-busy={more.pending}
              >
                Show more domains
              </Button>
            </div>
          ) : null}
        </CardContent>
      </Card>
    </>
  );
}

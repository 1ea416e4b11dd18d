'use client';

import { useState } from 'react';
import Link from 'next/link';
import { Button, Card, CardContent, CardDescription, CardHeader, CardTitle } from '@aiconnected/ui';
import type { ModuleRegistryEntry } from '@aiconnected/sdk-contracts';
import { formatInstant } from '../labels';
import { assessmentCountsText } from './assessment-report';
import { PromoteDraftDialog, RejectDraftDialog, type DraftRef } from './draft-review-dialogs';
import { registryModuleHref } from './registry-labels';

/** The drafts waiting for review, oldest first, each with Promote and Reject. */
export function DraftQueue({ drafts }: { drafts: ModuleRegistryEntry[] }) {
  const [promoting, setPromoting] = useState<DraftRef | null>(null);
  const [rejecting, setRejecting] = useState<DraftRef | null>(null);
  const ordered = [...drafts].sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at));

  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>Drafts to review</h2>
        </CardTitle>
        <CardDescription>
          Drafts are not installable. Promote one to register it (it is checked again first), or
          reject it with a reason.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <ul className="divide-y" aria-label="Drafts to review">
          {ordered.map((draft) => (
            <li
              key={draft.id}
              className="flex flex-col gap-3 py-3 first:pt-0 last:pb-0 sm:flex-row sm:items-center sm:justify-between"
            >
              <div className="min-w-0 space-y-0.5">
                <Link
                  href={registryModuleHref(draft.module_key)}
                  className="font-medium underline-offset-4 hover:text-primary hover:underline"
                >
                  {draft.name} <span className="font-mono">{draft.version}</span>
                </Link>
                <p className="text-sm text-muted-foreground">
                  <span className="font-mono">{draft.module_key}</span> · imported{' '}
                  {formatInstant(draft.created_at)} · {assessmentCountsText(draft.counts)}
                </p>
              </div>
              <div className="flex shrink-0 gap-2">
                <Button type="button" size="sm" onClick={() => setPromoting(draft)}>
                  Promote<span className="sr-only"> {`${draft.name} ${draft.version}`}</span>
                </Button>
                <Button
                  type="button"
                  size="sm"
                  variant="outline"
                  onClick={() => setRejecting(draft)}
                >
                  Reject<span className="sr-only"> {`${draft.name} ${draft.version}`}</span>
                </Button>
              </div>
            </li>
          ))}
        </ul>
        <PromoteDraftDialog
          draft={promoting}
          onOpenChange={(open) => !open && setPromoting(null)}
        />
        <RejectDraftDialog draft={rejecting} onOpenChange={(open) => !open && setRejecting(null)} />
      </CardContent>
    </Card>
  );
}

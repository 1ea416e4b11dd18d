'use client';

import {
  Badge,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '@aiconnected/ui';
import type { ResolutionDecision, ResolutionDecisionPage } from '@aiconnected/sdk-contracts';
import { formatInstant } from '../labels';
import { LoadMoreButton } from '../paging/load-more-button';
import { usePagedList } from '../paging/use-paged-list';
import {
  LEVEL_LABELS,
  RESOLUTION_REASON_LABELS,
  RESOLUTION_REASON_TEXT,
  stepText,
} from './integration-labels';

/** Who asked: the API (a person's Test resolution) or the server (a module). */
function callerText(decision: ResolutionDecision): string {
  if (decision.caller === 'api') return 'API';
  return decision.module_key ? `Module ${decision.module_key}` : 'Server';
}

/** The level the credential came from, with its workspace; "None" when there was none. */
function fromText(decision: ResolutionDecision, name: (id: string) => string): string {
  return decision.source_workspace_id
    ? `${LEVEL_LABELS[decision.resolved_scope]} (${name(decision.source_workspace_id)})`
    : LEVEL_LABELS.none;
}

function OutcomeBadge({ decision }: { decision: ResolutionDecision }) {
  return (
    <Badge
      variant={decision.outcome === 'resolved' ? 'success' : 'destructive'}
      className="shrink-0"
    >
      {decision.outcome === 'resolved' ? 'Resolved' : 'Failed'}
    </Badge>
  );
}

/** Why, as a native disclosure: the reason, then the trail of levels it walked. */
function Why({ decision, name }: { decision: ResolutionDecision; name: (id: string) => string }) {
  return (
    <details>
      <summary className="cursor-pointer rounded-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
        {RESOLUTION_REASON_LABELS[decision.reason]}
      </summary>
      <p className="mt-2 text-muted-foreground">{RESOLUTION_REASON_TEXT[decision.reason]}</p>
      <ol className="mt-2 list-decimal space-y-1 pl-5">
        {decision.steps.map((step) => (
          <li key={`${step.level}-${step.workspace_id}`}>
            {stepText(step, name(step.workspace_id))}
          </li>
        ))}
      </ol>
      {decision.correlation_id ? (
        <p className="mt-2 break-all font-mono text-xs text-muted-foreground">
          correlation {decision.correlation_id}
        </p>
      ) : null}
    </details>
  );
}

/**
 * The resolution log, newest first: when, for which workspace, which provider, the outcome,
 * the level it came from and why; each row opens the trail of levels it walked (a native
 * disclosure: keyboard and screen readers need nothing more). "Load more" follows the cursor.
 * A table from `xl` up (where its seven columns fit beside the sidebar), stacked rows below.
 */
export function ResolutionLogTable({
  firstPage,
  query,
  workspaceNames,
}: {
  firstPage: ResolutionDecisionPage;
  /** The API query of the current filters, without the cursor. */
  query: string;
  workspaceNames: Record<string, string>;
}) {
  const list = usePagedList(firstPage, `/credentials/resolutions?${query}`);
  const name = (id: string) => workspaceNames[id] ?? `workspace ${id.slice(0, 8)}`;
  return (
    <div className="space-y-4">
      <div className="hidden xl:block">
        <Table scrollLabel="Credential resolutions">
          <TableCaption className="sr-only">Credential resolutions, newest first</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHead>Time</TableHead>
              <TableHead>Resolved for</TableHead>
              <TableHead>Provider</TableHead>
              <TableHead>Outcome</TableHead>
              <TableHead>From</TableHead>
              <TableHead>Why</TableHead>
              <TableHead>Asked by</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {list.items.map((decision) => (
              <TableRow key={decision.id} className="align-top">
                <TableCell className="whitespace-nowrap">
                  <time dateTime={decision.created_at}>
                    {formatInstant(decision.created_at, { seconds: true })}
                  </time>
                </TableCell>
                <TableCell>{name(decision.workspace_id)}</TableCell>
                <TableCell className="font-mono text-xs">{decision.provider_key}</TableCell>
                <TableCell>
                  <OutcomeBadge decision={decision} />
                </TableCell>
                <TableCell>{fromText(decision, name)}</TableCell>
                <TableCell className="min-w-56">
                  <Why decision={decision} name={name} />
                </TableCell>
                <TableCell>{callerText(decision)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <ul className="divide-y xl:hidden" aria-label="Credential resolutions, newest first">
        {list.items.map((decision) => (
          <li key={decision.id} className="space-y-2 py-3 first:pt-0">
            <div className="flex items-start justify-between gap-3">
              <p className="min-w-0">
                <span className="font-medium">{name(decision.workspace_id)}</span>
                <span className="block text-xs text-muted-foreground">
                  <time dateTime={decision.created_at}>
                    {formatInstant(decision.created_at, { seconds: true })}
                  </time>{' '}
                  · <span className="font-mono">{decision.provider_key}</span> ·{' '}
                  {callerText(decision)}
                </span>
              </p>
              <OutcomeBadge decision={decision} />
            </div>
            <p className="text-sm">
              <span className="text-muted-foreground">From </span>
              {fromText(decision, name)}
            </p>
            <div className="text-sm">
              <Why decision={decision} name={name} />
            </div>
          </li>
        ))}
      </ul>
      <LoadMoreButton list={list} noun={{ one: 'resolution', other: 'resolutions' }} />
    </div>
  );
}

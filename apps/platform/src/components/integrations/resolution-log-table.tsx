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

/**
 * The resolution log, newest first: when, for which workspace, which provider, the outcome,
 * the level it came from and why; each row opens the trail of levels it walked (a native
 * disclosure: keyboard and screen readers need nothing more). "Load more" follows the cursor.
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
                <Badge variant={decision.outcome === 'resolved' ? 'success' : 'destructive'}>
                  {decision.outcome === 'resolved' ? 'Resolved' : 'Failed'}
                </Badge>
              </TableCell>
              <TableCell>
                {decision.source_workspace_id
                  ? `${LEVEL_LABELS[decision.resolved_scope]} (${name(decision.source_workspace_id)})`
                  : LEVEL_LABELS.none}
              </TableCell>
              <TableCell className="min-w-56">
                <details>
                  <summary className="cursor-pointer rounded-sm focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
                    {RESOLUTION_REASON_LABELS[decision.reason]}
                  </summary>
                  <p className="mt-2 text-muted-foreground">
                    {RESOLUTION_REASON_TEXT[decision.reason]}
                  </p>
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
              </TableCell>
              <TableCell>{callerText(decision)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <LoadMoreButton list={list} noun={{ one: 'resolution', other: 'resolutions' }} />
    </div>
  );
}

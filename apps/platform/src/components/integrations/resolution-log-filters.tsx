import Link from 'next/link';
import { Button, Input, Label, NativeSelect } from '@aiconnected/ui';
import { CREDENTIAL_RESOLUTION_REASONS } from '@aiconnected/sdk-contracts';
import type { ResolutionFilters } from '@/lib/resolution-query';
import { FormError } from '../form-alerts';
import { RESOLUTION_REASON_LABELS } from './integration-labels';

const PATH = '/settings/integrations/resolutions';

/**
 * The resolution log filters: a plain GET form (a shareable address that works before any
 * script): provider, outcome, reason, the workspace of the tree resolved for, and the days.
 */
export function ResolutionLogFilters({
  filters,
  providers,
  workspaces,
  problem,
}: {
  filters: ResolutionFilters;
  providers: { key: string; name: string }[];
  workspaces: { id: string; name: string }[];
  problem: string | null;
}) {
  return (
    <form
      method="get"
      action={PATH}
      className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-6 xl:items-end"
      aria-label="Filter the resolution log"
    >
      <div className="space-y-2">
        <Label htmlFor="resolutions-provider">Provider</Label>
        <NativeSelect id="resolutions-provider" name="provider" defaultValue={filters.provider}>
          <option value="">Any provider</option>
          {providers.map((provider) => (
            <option key={provider.key} value={provider.key}>
              {provider.name}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="space-y-2">
        <Label htmlFor="resolutions-outcome">Outcome</Label>
        <NativeSelect id="resolutions-outcome" name="outcome" defaultValue={filters.outcome}>
          <option value="">Any outcome</option>
          <option value="resolved">Resolved</option>
          <option value="failed">Failed</option>
        </NativeSelect>
      </div>
      <div className="space-y-2">
        <Label htmlFor="resolutions-reason">Reason</Label>
        <NativeSelect id="resolutions-reason" name="reason" defaultValue={filters.reason}>
          <option value="">Any reason</option>
          {CREDENTIAL_RESOLUTION_REASONS.map((reason) => (
            <option key={reason} value={reason}>
              {RESOLUTION_REASON_LABELS[reason]}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="space-y-2">
        <Label htmlFor="resolutions-subject">Resolved for</Label>
        <NativeSelect id="resolutions-subject" name="subject" defaultValue={filters.subject}>
          <option value="">Any workspace</option>
          {workspaces.map((workspace) => (
            <option key={workspace.id} value={workspace.id}>
              {workspace.name}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="space-y-2">
        <Label htmlFor="resolutions-from">From (UTC)</Label>
        <Input
          id="resolutions-from"
          name="from"
          type="date"
          defaultValue={filters.from}
          aria-invalid={problem === null ? undefined : true}
          aria-describedby={problem === null ? undefined : 'resolutions-filters-problem'}
        />
      </div>
      <div className="space-y-2">
        <Label htmlFor="resolutions-to">To (UTC)</Label>
        <Input id="resolutions-to" name="to" type="date" defaultValue={filters.to} />
      </div>
      {problem === null ? null : (
        <div className="sm:col-span-2 lg:col-span-3 xl:col-span-6">
          <FormError id="resolutions-filters-problem" message={problem} />
        </div>
      )}
      <div className="flex gap-3 sm:col-span-2 lg:col-span-3 xl:col-span-6">
        <Button type="submit">Apply filters</Button>
        <Button asChild variant="ghost">
          <Link href={PATH}>Clear filters</Link>
        </Button>
      </div>
    </form>
  );
}

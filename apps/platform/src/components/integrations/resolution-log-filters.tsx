import { CREDENTIAL_RESOLUTION_REASONS } from '@aiconnected/sdk-contracts';
import type { ResolutionFilters } from '@/lib/resolution-query';
import { FilterActions, FilterForm, FilterSelect, PeriodFilter } from '../filter-form';
import { RESOLUTION_REASON_LABELS } from './integration-labels';

const PATH = '/settings/integrations/resolutions';
const SPAN = 'sm:col-span-2 lg:col-span-3';
const OUTCOME_OPTIONS = [
  { value: 'resolved', label: 'Resolved' },
  { value: 'failed', label: 'Failed' },
];
const REASON_OPTIONS = CREDENTIAL_RESOLUTION_REASONS.map((reason) => ({
  value: reason,
  label: RESOLUTION_REASON_LABELS[reason],
}));

/**
 * The resolution log filters: a plain GET form (a shareable address that works before any
 * script): provider, outcome, reason, the workspace of the tree resolved for, and the days.
 * Six fields: one column on a phone, two, then three (two rows); six never fit the page's
 * content column (max-w-5xl) without cutting the selects' and dates' text (layout-fit.test.ts).
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
    <FilterForm
      action={PATH}
      className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3 lg:items-end"
      label="Filter the resolution log"
    >
      <FilterSelect
        id="resolutions-provider"
        label="Provider"
        name="provider"
        value={filters.provider}
        any="Any provider"
        options={providers.map((provider) => ({ value: provider.key, label: provider.name }))}
      />
      <FilterSelect
        id="resolutions-outcome"
        label="Outcome"
        name="outcome"
        value={filters.outcome}
        any="Any outcome"
        options={OUTCOME_OPTIONS}
      />
      <FilterSelect
        id="resolutions-reason"
        label="Reason"
        name="reason"
        value={filters.reason}
        any="Any reason"
        options={REASON_OPTIONS}
      />
      <FilterSelect
        id="resolutions-subject"
        label="Resolved for"
        name="subject"
        value={filters.subject}
        any="Any workspace"
        options={workspaces.map((workspace) => ({ value: workspace.id, label: workspace.name }))}
      />
      <PeriodFilter
        idPrefix="resolutions"
        from={filters.from}
        to={filters.to}
        problem={problem}
        span={SPAN}
      />
      <FilterActions clearHref={PATH} span={SPAN} />
    </FilterForm>
  );
}

import { AUDIT_ACTIONS } from '@aiconnected/sdk-contracts';
import { type AuditFilters } from '@/lib/audit-query';
import { FilterActions, FilterForm, FilterSelect, PeriodFilter } from '../filter-form';
import { AUDIT_ACTION_LABELS } from './describe-audit-entry';

interface AuditFiltersFormProps {
  filters: AuditFilters;
  actors: { id: string; name: string }[];
  workspaces: { id: string; name: string }[];
  /** What is wrong with the filters (e.g. the period), shown with the form. */
  problem: string | null;
}

const SPAN = 'sm:col-span-2 lg:col-span-3 xl:col-span-5';
const ACTION_OPTIONS = AUDIT_ACTIONS.map((action) => ({
  value: action,
  label: AUDIT_ACTION_LABELS[action],
}));

/**
 * The audit log filters: a plain GET form, so the filtered view is a shareable address and
 * works before any script has loaded.
 */
export function AuditFiltersForm({ filters, actors, workspaces, problem }: AuditFiltersFormProps) {
  return (
    <FilterForm
      action="/audit"
      className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3 lg:items-end xl:grid-cols-5"
      label="Filter the audit log"
    >
      <FilterSelect
        id="audit-action"
        label="Action"
        name="action"
        value={filters.action}
        any="Any action"
        options={ACTION_OPTIONS}
      />
      <FilterSelect
        id="audit-actor"
        label="Actor"
        name="actor"
        value={filters.actor}
        any="Anyone"
        options={actors.map((actor) => ({ value: actor.id, label: actor.name }))}
      />
      <FilterSelect
        id="audit-workspace"
        label="Workspace"
        name="workspace"
        value={filters.workspace}
        any="All you can see"
        options={workspaces.map((workspace) => ({ value: workspace.id, label: workspace.name }))}
      />
      <PeriodFilter
        idPrefix="audit"
        from={filters.from}
        to={filters.to}
        problem={problem}
        span={SPAN}
      />
      <FilterActions clearHref="/audit" span={SPAN} />
    </FilterForm>
  );
}

import { Input, Label } from '@aiconnected/ui';
import { EVENT_SUMMARY_STATES } from '@aiconnected/sdk-contracts';
import type { EventFilters } from '@/lib/event-query';
import { FilterActions, FilterForm, FilterSelect } from '../filter-form';
import { EVENT_STATE_LABELS } from './event-labels';

const FIELDS = [
  { name: 'event_name', label: 'Event name', placeholder: 'notes.note.created' },
  { name: 'stream', label: 'Stream', placeholder: 'default' },
  { name: 'correlation_id', label: 'Correlation id', placeholder: 'From a log line or a header' },
] as const;
const STATE_OPTIONS = EVENT_SUMMARY_STATES.map((state) => ({
  value: state,
  label: EVENT_STATE_LABELS[state].label,
}));

/**
 * The events filters: a plain GET form (a shareable address that works before any script),
 * keeping the picked workspace (`?workspace=`). A value the API would refuse is marked on its
 * field with what to fix.
 */
export function EventFiltersForm({
  filters,
  problems,
  workspace,
}: {
  filters: EventFilters;
  problems: Partial<Record<keyof EventFilters, string>>;
  /** `?workspace=` when the visitor picked another workspace than the active one. */
  workspace: string | null;
}) {
  const clear = workspace ? `/events?workspace=${encodeURIComponent(workspace)}` : '/events';
  return (
    <FilterForm
      action="/events"
      className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4 lg:items-start"
      label="Filter the events"
    >
      {workspace ? <input type="hidden" name="workspace" value={workspace} /> : null}
      {FIELDS.map(({ name, label, placeholder }) => {
        const problem = problems[name];
        return (
          <div key={name} className="space-y-2">
            <Label htmlFor={`events-${name}`}>{label}</Label>
            <Input
              id={`events-${name}`}
              name={name}
              defaultValue={filters[name]}
              placeholder={placeholder}
              autoComplete="off"
              spellCheck={false}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? `events-${name}-problem` : undefined}
            />
            {problem ? (
              <p id={`events-${name}-problem`} className="text-sm text-destructive">
                {problem}
              </p>
            ) : null}
          </div>
        );
      })}
      <FilterSelect
        id="events-state"
        label="State"
        name="state"
        value={filters.state}
        any="Any state"
        options={STATE_OPTIONS}
      />
      <FilterActions clearHref={clear} span="sm:col-span-2 lg:col-span-4" />
    </FilterForm>
  );
}

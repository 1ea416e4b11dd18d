import Link from 'next/link';
import { Button, Input, Label, NativeSelect } from '@aiconnected/ui';
import { AUDIT_ACTIONS } from '@aiconnected/sdk-contracts';
import { type AuditFilters } from '@/lib/audit-query';
import { FormError } from '../form-alerts';
import { AUDIT_ACTION_LABELS } from './describe-audit-entry';

interface AuditFiltersFormProps {
  filters: AuditFilters;
  actors: { id: string; name: string }[];
  workspaces: { id: string; name: string }[];
  /** What is wrong with the filters (e.g. the period), shown with the form. */
  problem: string | null;
}

/**
 * The audit log filters: a plain GET form, so the filtered view is a shareable address and
 * works before any script has loaded.
 */
export function AuditFiltersForm({ filters, actors, workspaces, problem }: AuditFiltersFormProps) {
  return (
    <form
      method="get"
      action="/audit"
      className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5 lg:items-end"
      aria-label="Filter the audit log"
    >
      <div className="space-y-2">
        <Label htmlFor="audit-action">Action</Label>
        <NativeSelect id="audit-action" name="action" defaultValue={filters.action}>
          <option value="">Any action</option>
          {AUDIT_ACTIONS.map((action) => (
            <option key={action} value={action}>
              {AUDIT_ACTION_LABELS[action]}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="space-y-2">
        <Label htmlFor="audit-actor">Actor</Label>
        <NativeSelect id="audit-actor" name="actor" defaultValue={filters.actor}>
          <option value="">Anyone</option>
          {actors.map((actor) => (
            <option key={actor.id} value={actor.id}>
              {actor.name}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="space-y-2">
        <Label htmlFor="audit-workspace">Workspace</Label>
        <NativeSelect id="audit-workspace" name="workspace" defaultValue={filters.workspace}>
          <option value="">All you can see</option>
          {workspaces.map((workspace) => (
            <option key={workspace.id} value={workspace.id}>
              {workspace.name}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="space-y-2">
        <Label htmlFor="audit-from">From (UTC)</Label>
        <Input
          id="audit-from"
          name="from"
          type="date"
          defaultValue={filters.from}
          aria-invalid={problem === null ? undefined : true}
          aria-describedby={problem === null ? undefined : 'audit-filters-problem'}
        />
      </div>
      <div className="space-y-2">
        <Label htmlFor="audit-to">To (UTC)</Label>
        <Input id="audit-to" name="to" type="date" defaultValue={filters.to} />
      </div>
      {problem === null ? null : (
        <div className="sm:col-span-2 lg:col-span-5">
          <FormError id="audit-filters-problem" message={problem} />
        </div>
      )}
      <div className="flex gap-3 sm:col-span-2 lg:col-span-5">
        <Button type="submit">Apply filters</Button>
        <Button asChild variant="ghost">
          <Link href="/audit">Clear filters</Link>
        </Button>
      </div>
    </form>
  );
}

import Link from 'next/link';
import { Button, Input, Label, NativeSelect } from '@aiconnected/ui';
import { KNOWN_AUDIT_ACTIONS, type AuditFilters } from '@/lib/audit-query';

interface AuditFiltersFormProps {
  filters: AuditFilters;
  actors: { id: string; name: string }[];
  workspaces: { id: string; name: string }[];
}

/**
 * The audit log filters: a plain GET form, so the filtered view is a shareable address and
 * works before any script has loaded.
 */
export function AuditFiltersForm({ filters, actors, workspaces }: AuditFiltersFormProps) {
  return (
    <form method="get" action="/audit" className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5 lg:items-end" aria-label="Filter the audit log">
      <div className="space-y-2">
        <Label htmlFor="audit-action">Action</Label>
        <Input id="audit-action" name="action" list="audit-actions" defaultValue={filters.action} autoComplete="off" />
        <datalist id="audit-actions">
          {KNOWN_AUDIT_ACTIONS.map((action) => (
            <option key={action} value={action} />
          ))}
        </datalist>
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
        <Input id="audit-from" name="from" type="date" defaultValue={filters.from} />
      </div>
      <div className="space-y-2">
        <Label htmlFor="audit-to">To (UTC)</Label>
        <Input id="audit-to" name="to" type="date" defaultValue={filters.to} />
      </div>
      <div className="flex gap-3 sm:col-span-2 lg:col-span-5">
        <Button type="submit">Apply filters</Button>
        <Button asChild variant="ghost">
          <Link href="/audit">Clear filters</Link>
        </Button>
      </div>
    </form>
  );
}

import Link from 'next/link';
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
import { MODULE_REGISTRY_STATUSES } from '@aiconnected/sdk-contracts';
import { formatInstant } from '../labels';
import type { RegistryModuleRow } from './group-registry-entries';
import { REGISTRY_STATUS_LABELS, registryModuleHref } from './registry-labels';

function StatusBadges({ row }: { row: RegistryModuleRow }) {
  return (
    <div className="flex flex-wrap gap-1">
      {MODULE_REGISTRY_STATUSES.filter((status) => row.statuses[status]).map((status) => (
        <Badge key={status} variant={REGISTRY_STATUS_LABELS[status].variant}>
          {row.statuses[status]} {REGISTRY_STATUS_LABELS[status].label.toLowerCase()}
        </Badge>
      ))}
    </div>
  );
}

function ModuleLink({ row }: { row: RegistryModuleRow }) {
  return (
    <Link
      href={registryModuleHref(row.module_key)}
      className="font-medium underline-offset-4 hover:text-primary hover:underline"
    >
      {row.name}
      <span className="block font-mono text-xs font-normal text-muted-foreground">
        {row.module_key}
      </span>
    </Link>
  );
}

const versionsText = (count: number) => `${count} ${count === 1 ? 'version' : 'versions'}`;

/**
 * The registry, one row per module: current version, versions count, status badges, paid and
 * last change; the name opens the module's page. A table from `lg` up (where the sidebar leaves
 * room for its six columns), stacked rows below.
 */
export function RegistryTable({ rows }: { rows: RegistryModuleRow[] }) {
  return (
    <>
      <div className="hidden lg:block">
        <Table scrollLabel="Registered modules">
          <TableCaption className="sr-only">Modules in the registry</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHead>Module</TableHead>
              <TableHead>Current version</TableHead>
              <TableHead>Versions</TableHead>
              <TableHead>Status</TableHead>
              <TableHead>Paid</TableHead>
              <TableHead>Updated</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((row) => (
              <TableRow key={row.module_key}>
                <TableCell>
                  <ModuleLink row={row} />
                </TableCell>
                <TableCell className="font-mono">{row.current_version ?? '—'}</TableCell>
                <TableCell>{row.versions}</TableCell>
                <TableCell>
                  <StatusBadges row={row} />
                </TableCell>
                <TableCell>{row.paid ? 'Paid' : 'Free'}</TableCell>
                <TableCell className="whitespace-nowrap text-muted-foreground">
                  {formatInstant(row.updated_at)}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <ul className="divide-y rounded-md border lg:hidden" aria-label="Modules in the registry">
        {rows.map((row) => (
          <li key={row.module_key} className="space-y-2 p-3">
            <ModuleLink row={row} />
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
              <dt className="text-muted-foreground">Current</dt>
              <dd className="font-mono">{row.current_version ?? '—'}</dd>
              <dt className="text-muted-foreground">Versions</dt>
              <dd>
                {versionsText(row.versions)}, {row.paid ? 'paid' : 'free'}
              </dd>
              <dt className="text-muted-foreground">Updated</dt>
              <dd>{formatInstant(row.updated_at)}</dd>
            </dl>
            <StatusBadges row={row} />
          </li>
        ))}
      </ul>
    </>
  );
}

import type { ModulePermissionDiff } from '@aiconnected/sdk-contracts';

/** One titled list of an upgrade's changes, as text. */
export interface DiffSection {
  title: string;
  added: string[];
  removed: string[];
}

const route = (entry: ModulePermissionDiff['api_routes']['added'][number]) =>
  `${entry.layer} ${entry.method} ${entry.path} (${entry.minimum_role})`;
const page = (entry: ModulePermissionDiff['pages']['added'][number]) =>
  `${entry.layer} ${entry.path}`;

/**
 * The non-empty sections of an upgrade's permission diff, in the order an admin weighs them:
 * permissions, events emitted, events consumed, API routes (`admin GET /notes (member)`),
 * pages (`admin /settings`).
 */
export function permissionDiffSections(diff: ModulePermissionDiff): DiffSection[] {
  const sections: DiffSection[] = [
    { title: 'Permissions', ...diff.permissions },
    { title: 'Events it emits', ...diff.events_emitted },
    { title: 'Events it consumes', ...diff.events_consumed },
    {
      title: 'API routes',
      added: diff.api_routes.added.map(route),
      removed: diff.api_routes.removed.map(route),
    },
    { title: 'Pages', added: diff.pages.added.map(page), removed: diff.pages.removed.map(page) },
  ];
  return sections
    .map(({ title, added, removed }) => ({ title, added: [...added], removed: [...removed] }))
    .filter((section) => section.added.length > 0 || section.removed.length > 0);
}

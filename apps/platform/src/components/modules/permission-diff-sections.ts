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
  `${entry.layer} ${entry.path} (${entry.minimum_role})`;
const target = (entry: { base_url: string; health_path: string }) =>
  `${entry.base_url} (health ${entry.health_path})`;

/** A changed value as a section: the new one added, the old one removed (none: not listed). */
function changed<T>(
  title: string,
  change: { from: T | null; to: T | null } | null,
  show: (value: T) => string,
): DiffSection {
  return {
    title,
    added: change?.to == null ? [] : [show(change.to)],
    removed: change?.from == null ? [] : [show(change.from)],
  };
}

/**
 * The non-empty sections of an upgrade's permission diff, in the order an admin weighs them:
 * permissions, events emitted, events consumed, API routes (`admin GET /notes (member)`),
 * pages (`admin /settings (admin)`), shell data it reads, capabilities, site capabilities, billing
 * (free -> paid), the service it runs on and the interface it loads (new added, old removed).
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
    { title: 'Shell data it reads', ...diff.shared_entities },
    { title: 'Capabilities', ...diff.capabilities },
    { title: 'Site capabilities', ...diff.site_capabilities },
    {
      title: 'Billing',
      added: diff.paid?.to === true ? ['Paid module (needs a billing entitlement)'] : [],
      removed: diff.paid?.from === true ? ['Paid module'] : [],
    },
    changed('Service it runs on (workspace data goes there)', diff.target, target),
    changed('Interface it loads', diff.frontend_entry_url, (url) => url),
  ];
  return sections
    .map(({ title, added, removed }) => ({ title, added: [...added], removed: [...removed] }))
    .filter((section) => section.added.length > 0 || section.removed.length > 0);
}

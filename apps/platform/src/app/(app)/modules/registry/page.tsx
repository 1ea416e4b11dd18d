import type { Metadata } from 'next';
import { Forbidden } from '@/components/forbidden';
import { DraftQueue } from '@/components/modules-registry/draft-queue';
import { groupRegistryEntries } from '@/components/modules-registry/group-registry-entries';
import { RegistryEmptyState } from '@/components/modules-registry/registry-empty-state';
import { RegistrySection } from '@/components/modules-registry/registry-section';
import { RegistryTable } from '@/components/modules-registry/registry-table';
import { requirePageAccess } from '@/lib/guard';
import { readForPage } from '@/lib/page-errors';
import { readModuleRegistry } from '@/lib/read-module-registry';

export const metadata: Metadata = { title: 'Module registry' };

/**
 * `/modules/registry` (super, modules.install): the drafts to review and the registry, one row
 * per module, with "Import a module" opening the import form below it; with an empty registry,
 * the import form first and module-absent mode's explanation.
 */
export default async function ModuleRegistryPage() {
  const access = await requirePageAccess('/modules/registry');
  if (!access.allowed) return <Forbidden backHref={access.session.destination} />;
  const read = await readForPage(readModuleRegistry);
  if (read.denied) return <Forbidden backHref={access.session.destination} />;
  const rows = groupRegistryEntries(read.data);
  const drafts = read.data.filter((entry) => entry.status === 'draft');

  return (
    <>
      {drafts.length > 0 ? <DraftQueue drafts={drafts} /> : null}
      <RegistrySection empty={rows.length === 0}>
        {rows.length === 0 ? <RegistryEmptyState /> : <RegistryTable rows={rows} />}
      </RegistrySection>
    </>
  );
}

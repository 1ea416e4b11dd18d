import type { Metadata } from 'next';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@aiconnected/ui';
import { Forbidden } from '@/components/forbidden';
import { DraftQueue } from '@/components/modules-registry/draft-queue';
import { groupRegistryEntries } from '@/components/modules-registry/group-registry-entries';
import { ImportModuleCard } from '@/components/modules-registry/import-module-card';
import { RegistryEmptyState } from '@/components/modules-registry/registry-empty-state';
import { RegistryTable } from '@/components/modules-registry/registry-table';
import { requirePageAccess } from '@/lib/guard';
import { readForPage } from '@/lib/page-errors';
import { readModuleRegistry } from '@/lib/read-module-registry';

export const metadata: Metadata = { title: 'Module registry' };

/**
 * `/modules/registry` (super, modules.install): the drafts to review, the import form and the
 * registry, one row per module; with an empty registry, module-absent mode's explanation.
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
      <ImportModuleCard />
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>Registry</h2>
          </CardTitle>
          <CardDescription>
            Every module the platform knows, with its current version. Open one for its versions,
            manifest and import report.
          </CardDescription>
        </CardHeader>
        <CardContent>
          {rows.length === 0 ? <RegistryEmptyState /> : <RegistryTable rows={rows} />}
        </CardContent>
      </Card>
    </>
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { Forbidden } from '@/components/forbidden';
import { RegistryModuleDetail } from '@/components/modules-registry/registry-module-detail';
import { requirePageAccess } from '@/lib/guard';
import { readForPage } from '@/lib/page-errors';
import { readModuleHealth, readRegistryModule } from '@/lib/read-module-registry';

export const metadata: Metadata = { title: 'Module registry' };

/** `/modules/registry/{key}`: one module's versions, manifest and stored assessment. */
export default async function RegistryModulePage({ params }: { params: { key: string } }) {
  const access = await requirePageAccess('/modules/registry');
  if (!access.allowed) return <Forbidden backHref={access.session.destination} />;
  const read = await readForPage(() => readRegistryModule(params.key));
  const target = read.denied
    ? null
    : await readModuleHealth(access.context.workspace_id, params.key);
  if (read.denied) return <Forbidden backHref={access.session.destination} />;
  if (read.data === null) {
    return (
      <div className="space-y-2 rounded-lg border border-dashed p-6 text-center">
        <h2 className="font-medium">No module “{params.key}” in the registry</h2>
        <p className="text-sm text-muted-foreground">
          It may have been typed wrong.{' '}
          <Link href="/modules/registry" className="font-medium underline underline-offset-4">
            Back to the registry
          </Link>
        </p>
      </div>
    );
  }
  return (
    <RegistryModuleDetail
      module={read.data}
      target={target}
      canCheckHealth={access.subject.permissions.includes('modules.enable')}
    />
  );
}

import type { Metadata } from 'next';
import type { BrandingAssetList } from '@aiconnected/sdk-contracts';
import { LogoManager } from '@/components/branding-assets/logo-manager';
import { Forbidden } from '@/components/forbidden';
import { readWorkspaceScope } from '@/lib/workspace-scope';
import { requirePageAccess } from '@/lib/guard';
import { readForPage } from '@/lib/page-errors';
import { apiFetch } from '@/lib/server-api';

export const metadata: Metadata = { title: 'Logos' };

/** `/branding/logos`: the picked workspace's logos, favicon and sign-in images. */
export default async function LogosPage({
  searchParams,
}: {
  searchParams: Record<string, string | string[] | undefined>;
}) {
  const access = await requirePageAccess('/branding/logos');
  if (!access.allowed) return <Forbidden backHref={access.session.destination} />;
  const { selected } = await readWorkspaceScope(access.context.workspace_id, searchParams);
  if (selected === null) return <Forbidden backHref={access.session.destination} />;
  const read = await readForPage(() =>
    apiFetch<BrandingAssetList>(`/branding/assets?workspace_id=${encodeURIComponent(selected.id)}`),
  );
  if (read.denied) return <Forbidden backHref={access.session.destination} />;
  return <LogoManager key={selected.id} workspaceId={selected.id} initial={read.data} />;
}

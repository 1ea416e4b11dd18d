import type { Metadata } from 'next';
import type { DomainList } from '@aiconnected/sdk-contracts';
import { DomainManager } from '@/components/domains/domain-manager';
import { Forbidden } from '@/components/forbidden';
import { readWorkspaceScope } from '@/lib/workspace-scope';
import { requirePageAccess } from '@/lib/guard';
import { readForPage } from '@/lib/page-errors';
import { apiFetch } from '@/lib/server-api';

export const metadata: Metadata = { title: 'Domains' };

/** `/branding/domains`: the picked workspace's custom domains and its platform host. */
export default async function DomainsPage({
  searchParams,
}: {
  searchParams: Record<string, string | string[] | undefined>;
}) {
  const access = await requirePageAccess('/branding/domains');
  if (!access.allowed) return <Forbidden backHref={access.session.destination} />;
  const { selected } = await readWorkspaceScope(access.context.workspace_id, searchParams);
  if (selected === null) return <Forbidden backHref={access.session.destination} />;
  const read = await readForPage(() =>
    apiFetch<DomainList>(`/domains?workspace_id=${encodeURIComponent(selected.id)}&limit=50`),
  );
  if (read.denied) return <Forbidden backHref={access.session.destination} />;
  return <DomainManager key={selected.id} workspaceId={selected.id} firstPage={read.data} />;
}

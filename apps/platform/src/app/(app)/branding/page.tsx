import { redirect } from 'next/navigation';
import { Forbidden } from '@/components/forbidden';
import { brandingTabsFor } from '@/lib/access';
import { WORKSPACE_SCOPE_PARAM } from '@/lib/workspace-scope';
import { requirePageAccess } from '@/lib/guard';

interface BrandingPageProps {
  searchParams: Record<string, string | string[] | undefined>;
}

/** `/branding`: opens the first tab the visitor may use, keeping the picked workspace. */
export default async function BrandingPage({ searchParams }: BrandingPageProps) {
  const access = await requirePageAccess('/branding');
  const [first] = brandingTabsFor(access.subject);
  if (!access.allowed || first === undefined) {
    return <Forbidden backHref={access.session.destination} />;
  }
  const workspace = searchParams[WORKSPACE_SCOPE_PARAM];
  const id = Array.isArray(workspace) ? workspace[0] : workspace;
  redirect(id ? `${first.href}?workspace=${encodeURIComponent(id)}` : first.href);
}

import type { ReactNode } from 'react';
import { BrandingTabs } from '@/components/branding/branding-tabs';
import { WorkspaceScopePicker } from '@/components/branding/workspace-scope-picker';
import { PageHeading } from '@/components/page-heading';
import { appPathOf, brandingTabsFor, canOpen } from '@/lib/access';
import { BRANDING_SCOPE_PARAM, loadBrandingScopes } from '@/lib/branding-scope';
import { requireAppSession } from '@/lib/guard';
import { currentRequestPath } from '@/lib/request-path';

/**
 * The branding section: its heading (the screen's one h1; the tab pages start at h2), the
 * workspace picker and the tabs the visitor may open. Each tab page checks its own rule and
 * reads the picked workspace with `readBrandingScope` (lib/branding-scope.ts). When the page
 * will render Forbidden (no tab allowed, this tab not allowed, or `?workspace=` not offered),
 * the layout renders only the page, so the screen keeps one h1.
 */
export default async function BrandingLayout({ children }: { children: ReactNode }) {
  const { context, subject } = await requireAppSession();
  if (!canOpen(subject, '/branding')) return children;
  const options = await loadBrandingScopes(context.workspace_id);
  const request = new URL(currentRequestPath(), 'http://page');
  const tab = appPathOf(request.pathname);
  const asked = request.searchParams.get(BRANDING_SCOPE_PARAM);
  const refused =
    (tab !== null && !canOpen(subject, tab)) ||
    (asked !== null && !options.some((option) => option.id === asked));
  if (refused) return children;
  const tabs = brandingTabsFor(subject).map(({ href, label }) => ({ href, label }));

  return (
    <>
      <PageHeading
        title="Branding"
        description="Colours, fonts, logos, the sign-in page and custom domains."
      >
        <WorkspaceScopePicker options={options} />
      </PageHeading>
      <BrandingTabs tabs={tabs} />
      <div className="space-y-8">{children}</div>
    </>
  );
}

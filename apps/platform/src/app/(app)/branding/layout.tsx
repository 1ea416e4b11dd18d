import type { ReactNode } from 'react';
import { BrandingTabs } from '@/components/branding/branding-tabs';
import { WorkspaceScopePicker } from '@/components/branding/workspace-scope-picker';
import { PageHeading } from '@/components/page-heading';
import { brandingTabsFor, canOpen } from '@/lib/access';
import { loadBrandingScopes } from '@/lib/branding-scope';
import { requireAppSession } from '@/lib/guard';

/**
 * The branding section: its heading (the screen's one h1; the tab pages start at h2), the
 * workspace picker and the tabs the visitor may open. Each tab page checks its own rule and
 * reads the picked workspace with `readBrandingScope` (lib/branding-scope.ts). A visitor who
 * may open no tab gets only the page, which renders Forbidden.
 */
export default async function BrandingLayout({ children }: { children: ReactNode }) {
  const { context, subject } = await requireAppSession();
  if (!canOpen(subject, '/branding')) return children;
  const tabs = brandingTabsFor(subject).map(({ href, label }) => ({ href, label }));
  const options = await loadBrandingScopes(context.workspace_id);

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

import type { ReactNode } from 'react';
import { PageHeading } from '@/components/page-heading';
import { SectionTabs } from '@/components/shell/section-tabs';
import { WorkspaceScopePicker } from '@/components/shell/workspace-scope-picker';
import { appPathOf, brandingTabsFor, canOpen } from '@/lib/access';
import { WORKSPACE_SCOPE_PARAM, loadWorkspaceScopes } from '@/lib/workspace-scope';
import { requireAppSession } from '@/lib/guard';
import { currentRequestPath } from '@/lib/request-path';

/**
 * The branding section: its heading (the screen's one h1; the tab pages start at h2), the
 * workspace picker and the tabs the visitor may open. Each tab page checks its own rule and
 * reads the picked workspace with `readWorkspaceScope` (lib/workspace-scope.ts). When the page
 * will render Forbidden (no tab allowed, this tab not allowed, or `?workspace=` not offered),
 * the layout renders only the page, so the screen keeps one h1.
 */
export default async function BrandingLayout({ children }: { children: ReactNode }) {
  const { context, subject } = await requireAppSession();
  if (!canOpen(subject, '/branding')) return children;
  const options = await loadWorkspaceScopes(context.workspace_id);
  const request = new URL(currentRequestPath(), 'http://page');
  const tab = appPathOf(request.pathname);
  const asked = request.searchParams.get(WORKSPACE_SCOPE_PARAM);
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
        <WorkspaceScopePicker
          options={options}
          subject="Branding"
          superLabel="platform baseline"
          superNote=" (the platform baseline every agency inherits)"
        />
      </PageHeading>
      <SectionTabs label="Branding" tabs={tabs} />
      <div className="space-y-8">{children}</div>
    </>
  );
}

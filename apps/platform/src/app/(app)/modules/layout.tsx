import type { ReactNode } from 'react';
import { PageHeading } from '@/components/page-heading';
import { SectionTabs } from '@/components/shell/section-tabs';
import { WorkspaceScopePicker } from '@/components/shell/workspace-scope-picker';
import { appPathOf, canOpen, modulesTabsFor } from '@/lib/access';
import { requireAppSession } from '@/lib/guard';
import { currentRequestPath } from '@/lib/request-path';
import { WORKSPACE_SCOPE_PARAM, loadWorkspaceScopes } from '@/lib/workspace-scope';

/**
 * The modules section: its heading (the screen's one h1; the tab pages start at h2), the tabs
 * the visitor may open and, on the Installed tab (`/modules`), the workspace picker (an
 * agency picks itself or one of its businesses, `?workspace=<id>`, lib/workspace-scope.ts).
 * The registry and contracts tabs are the platform's, with no picker. Each tab page checks
 * its own rule; when the page will render Forbidden (this tab not allowed, or `?workspace=`
 * not offered) the layout renders only the page, so the screen keeps one h1.
 */
export default async function ModulesLayout({ children }: { children: ReactNode }) {
  const { context, subject } = await requireAppSession();
  const tabs = modulesTabsFor(subject).map(({ href, label }) => ({ href, label }));
  const request = new URL(currentRequestPath(), 'http://page');
  const tab = appPathOf(request.pathname);
  if (tabs.length === 0 || (tab !== null && !canOpen(subject, tab))) return children;
  const installed = tab === '/modules';
  const options = installed ? await loadWorkspaceScopes(context.workspace_id) : [];
  const asked = request.searchParams.get(WORKSPACE_SCOPE_PARAM);
  if (installed && asked !== null && !options.some((option) => option.id === asked)) {
    return children;
  }

  return (
    <>
      <PageHeading
        title="Modules"
        description="Add-on features: install them in a workspace, switch them on and off, keep them up to date."
      >
        {installed ? (
          <WorkspaceScopePicker options={options} subject="Modules" superLabel="platform" />
        ) : null}
      </PageHeading>
      {tabs.length > 1 ? <SectionTabs label="Modules" tabs={tabs} /> : null}
      <div className="space-y-8">{children}</div>
    </>
  );
}

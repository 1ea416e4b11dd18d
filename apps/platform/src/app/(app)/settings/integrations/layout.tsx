import type { ReactNode } from 'react';
import { PageHeading } from '@/components/page-heading';
import { SectionTabs } from '@/components/shell/section-tabs';
import { WorkspaceScopePicker } from '@/components/shell/workspace-scope-picker';
import { appPathOf, canOpen, INTEGRATIONS_TABS } from '@/lib/access';
import { requireAppSession } from '@/lib/guard';
import { currentRequestPath } from '@/lib/request-path';
import { WORKSPACE_SCOPE_PARAM, loadWorkspaceScopes } from '@/lib/workspace-scope';

/**
 * The integrations section: its heading (the screen's one h1), the workspace picker on the
 * Connections and Credential policies tabs (an agency also its businesses, super every
 * workspace; the resolution log is always the active workspace's tree) and the tabs. When the
 * page will render Forbidden the layout renders only the page, so the screen keeps one h1.
 */
export default async function IntegrationsLayout({ children }: { children: ReactNode }) {
  const { context, subject } = await requireAppSession();
  const tabs = INTEGRATIONS_TABS.filter((tab) => canOpen(subject, tab.href)).map(
    ({ href, label }) => ({ href, label }),
  );
  const request = new URL(currentRequestPath(), 'http://page');
  const tab = appPathOf(request.pathname);
  if (tabs.length === 0 || (tab !== null && !canOpen(subject, tab))) return children;
  const scoped = tab !== '/settings/integrations/resolutions';
  const options = scoped ? await loadWorkspaceScopes(context.workspace_id, 'all') : [];
  const asked = request.searchParams.get(WORKSPACE_SCOPE_PARAM);
  if (scoped && asked !== null && !options.some((option) => option.id === asked)) return children;

  return (
    <>
      <PageHeading
        title="Integrations"
        description="Provider accounts this workspace connects (through Composio’s hosted sign-in), which level’s credential a module gets, and the record of every resolution."
      >
        {scoped ? (
          <WorkspaceScopePicker options={options} subject="Integrations" superLabel="platform" />
        ) : null}
      </PageHeading>
      <SectionTabs label="Integrations" tabs={tabs} />
      <div className="space-y-6">{children}</div>
    </>
  );
}

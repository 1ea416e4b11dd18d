import type { ReactNode } from 'react';
import { PageHeading } from '@/components/page-heading';
import { SectionTabs } from '@/components/shell/section-tabs';
import { WorkspaceScopePicker } from '@/components/shell/workspace-scope-picker';
import { appPathOf, canOpen, EVENTS_TABS } from '@/lib/access';
import { requireAppSession } from '@/lib/guard';
import { currentRequestPath } from '@/lib/request-path';
import { WORKSPACE_SCOPE_PARAM, loadWorkspaceScopes } from '@/lib/workspace-scope';

/**
 * The events monitor: its heading (the screen's one h1; the tabs start at h2), the workspace
 * picker (the active workspace; an agency also its businesses, super every workspace:
 * `?workspace=<id>`, kept across the tabs) and the tabs Events, Dead letter, Subscriptions.
 * When the page will render Forbidden (no `events.manage`, or `?workspace=` not offered) the
 * layout renders only the page, so the screen keeps one h1.
 */
export default async function EventsLayout({ children }: { children: ReactNode }) {
  const { context, subject } = await requireAppSession();
  const tabs = EVENTS_TABS.filter((tab) => canOpen(subject, tab.href)).map(({ href, label }) => ({
    href,
    label,
  }));
  const request = new URL(currentRequestPath(), 'http://page');
  const tab = appPathOf(request.pathname);
  if (tabs.length === 0 || (tab !== null && !canOpen(subject, tab))) return children;
  const options = await loadWorkspaceScopes(context.workspace_id, 'all');
  const asked = request.searchParams.get(WORKSPACE_SCOPE_PARAM);
  if (asked !== null && !options.some((option) => option.id === asked)) return children;

  return (
    <>
      <PageHeading
        title="Events"
        description="What happened in a workspace and how it reached its modules: each event, its deliveries and attempts, the dead letter and the subscriptions."
      >
        <WorkspaceScopePicker options={options} subject="Events" superLabel="platform" />
      </PageHeading>
      <SectionTabs label="Events" tabs={tabs} />
      <div className="space-y-6">{children}</div>
    </>
  );
}

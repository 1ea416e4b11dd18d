import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { ImpersonationBanner } from '@/components/shell/impersonation-banner';
import { AppHeader } from '@/components/shell/app-header';
import { SidebarNav } from '@/components/shell/sidebar-nav';
import { personName } from '@/components/labels';
import { navigationFor } from '@/lib/access';
import { activeWorkspaceName } from '@/lib/active-workspace-name';
import { requireAppSession } from '@/lib/guard';
import { loadModuleLinks } from '@/lib/module-links';
import { loadWorkspaceLogos } from '@/lib/workspace-logos';

// Every page of the app depends on the visitor's session.
export const dynamic = 'force-dynamic';

/** The active workspace's favicon, when it (or its agency, or the platform) has one. */
export async function generateMetadata(): Promise<Metadata> {
  const { context } = await requireAppSession();
  const { favicon } = await loadWorkspaceLogos(context.workspace_id);
  return favicon ? { icons: { icon: favicon } } : {};
}

/**
 * The signed-in app: signed out -> sign-in (with `next`), no workspace -> the selector.
 * Renders the impersonation banner, the header (workspace switcher, user menu) and the
 * sidebar built from the effective permissions, with the enabled modules' links of the
 * active workspace (one in-process API call; without them if it fails). Each page checks its own rule again, since
 * a layout is not re-rendered on client-side navigation.
 */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const { session, context, subject } = await requireAppSession();
  const navigation = navigationFor(subject);
  const workspaceName = await activeWorkspaceName(session, context.workspace_id);
  const { impersonation } = session;
  const userName = personName(session.user);
  const [logos, moduleLinks] = await Promise.all([
    loadWorkspaceLogos(context.workspace_id),
    loadModuleLinks(context.workspace_id),
  ]);

  return (
    <div className="flex min-h-screen flex-col">
      {impersonation.active ? (
        <ImpersonationBanner
          userName={userName}
          targetWorkspaceName={impersonation.target_workspace?.name || workspaceName}
          actorWorkspaceName={impersonation.actor_workspace?.name || 'your workspace'}
        />
      ) : null}
      <AppHeader
        homeHref={session.destination}
        navigation={navigation}
        moduleLinks={moduleLinks}
        workspace={{ id: context.workspace_id, name: workspaceName }}
        options={session.workspace_options}
        impersonating={impersonation.active}
        user={{ name: userName, email: session.user.email }}
        logo={logos}
      />
      <div className="flex flex-1">
        <aside className="hidden w-60 shrink-0 border-r bg-sidebar p-4 md:block">
          <SidebarNav items={navigation} moduleLinks={moduleLinks} />
        </aside>
        <main
          id="main-content"
          tabIndex={-1}
          className="min-w-0 flex-1 px-4 py-8 focus:outline-none md:px-8"
        >
          <div className="mx-auto max-w-5xl space-y-8">{children}</div>
        </main>
      </div>
    </div>
  );
}

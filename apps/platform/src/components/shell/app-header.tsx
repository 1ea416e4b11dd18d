import Link from 'next/link';
import { ThemeToggle } from '@aiconnected/ui';
import type { NavItem } from '@/lib/access';
import type { ModuleNavLink } from '@/lib/module-navigation';
import type { WorkspaceOption } from '@aiconnected/sdk-contracts';
import { MobileNav } from './mobile-nav';
import { UserMenu } from './user-menu';
import { WorkspaceSwitcher } from './workspace-switcher';

interface AppHeaderProps {
  homeHref: string;
  navigation: NavItem[];
  /** The enabled modules' links of the active workspace (the sidebar's "Modules" group). */
  moduleLinks?: ModuleNavLink[];
  workspace: { id: string; name: string };
  options: WorkspaceOption[];
  impersonating: boolean;
  user: { name: string; email: string };
  /** The workspace's effective logo files (light and dark mode), shown instead of the product name. */
  logo?: { light: string | null; dark: string | null };
}

/** The app's header: navigation button (narrow screens), the workspace's logo (else the product name), workspace switcher, theme choice, user menu. */
export function AppHeader({
  homeHref,
  navigation,
  moduleLinks,
  workspace,
  options,
  impersonating,
  user,
  logo,
}: AppHeaderProps) {
  const light = logo?.light ?? logo?.dark ?? null;
  const dark = logo?.dark ?? logo?.light ?? null;
  return (
    <header className="relative border-b bg-card">
      <div className="flex h-14 items-center gap-3 px-4 md:px-6">
        <MobileNav items={navigation} moduleLinks={moduleLinks} workspaceName={workspace.name} />
        <Link
          href={homeHref}
          className="shrink-0 text-lg font-semibold tracking-tight text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        >
          {light && dark ? (
            <>
              <img src={light} alt={workspace.name} className="h-8 w-auto max-w-40 dark:hidden" />
              <img
                src={dark}
                alt={workspace.name}
                className="hidden h-8 w-auto max-w-40 dark:block"
              />
            </>
          ) : (
            'aiConnected'
          )}
        </Link>
        <span className="hidden h-6 w-px bg-border sm:block" aria-hidden="true" />
        <WorkspaceSwitcher
          activeWorkspaceId={workspace.id}
          activeWorkspaceName={workspace.name}
          options={options}
          impersonating={impersonating}
        />
        <div className="ml-auto flex items-center gap-1">
          <ThemeToggle />
          <UserMenu name={user.name} email={user.email} />
        </div>
      </div>
    </header>
  );
}

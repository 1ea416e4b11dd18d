'use client';

import { useId } from 'react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { cn } from '@aiconnected/ui';
import type { NavItem } from '@/lib/access';
import type { ModuleNavLink } from '@/lib/module-navigation';
import { ModuleNavIcon, NavIcon } from './nav-icon';

const LINK_CLASS =
  'flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium text-sidebar-foreground transition-colors hover:bg-sidebar-accent hover:text-sidebar-accent-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-sidebar-ring';

/**
 * The app's main navigation: only the pages the visitor's permissions allow (built on the
 * server from the effective permissions), then a "Modules" group with the enabled modules'
 * admin pages of the active workspace, when there are any (plain links: each module page loads
 * with its own policy); the current page is marked `aria-current`.
 */
export function SidebarNav({
  items,
  moduleLinks = [],
  onNavigate,
}: {
  items: NavItem[];
  moduleLinks?: ModuleNavLink[];
  onNavigate?: () => void;
}) {
  const pathname = usePathname();
  const groupId = useId();
  // The longest entry the path is under (Integrations, not Workspace settings, on
  // /settings/integrations).
  const current = items
    .map((item) => item.href)
    .filter((href) => pathname === href || pathname.startsWith(`${href}/`))
    .sort((a, b) => b.length - a.length)[0];
  return (
    <nav aria-label="Main">
      <ul className="space-y-1">
        {items.map((item) => {
          const isCurrent = item.href === current;
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                onClick={onNavigate}
                aria-current={isCurrent ? 'page' : undefined}
                className={cn(
                  LINK_CLASS,
                  isCurrent && 'bg-sidebar-accent text-sidebar-accent-foreground',
                )}
              >
                <NavIcon icon={item.icon} />
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
      {moduleLinks.length > 0 ? (
        <div className="mt-6">
          <p
            id={groupId}
            className="px-3 pb-1 text-xs font-semibold uppercase tracking-wide text-muted-foreground"
          >
            Modules
          </p>
          <ul aria-labelledby={groupId} className="space-y-1">
            {moduleLinks.map((link) => {
              // A module's root page (`…/m/key`) is current only on itself, not on its other pages.
              const current = pathname === link.href;
              // A plain link (a document load, not Next's client navigation): a module page's
              // Content-Security-Policy frames its module's origin, and a page keeps the policy
              // it was loaded with.
              return (
                <li key={link.href}>
                  <a
                    href={link.href}
                    onClick={onNavigate}
                    aria-current={current ? 'page' : undefined}
                    className={cn(
                      LINK_CLASS,
                      current && 'bg-sidebar-accent text-sidebar-accent-foreground',
                    )}
                  >
                    <ModuleNavIcon name={link.icon} />
                    {link.label}
                  </a>
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
    </nav>
  );
}

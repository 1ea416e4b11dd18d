'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { cn } from '@aiconnected/ui';
import type { NavItem } from '@/lib/access';
import { NavIcon } from './nav-icon';

/**
 * The app's main navigation: only the pages the visitor's permissions allow (built on the
 * server from the effective permissions); the current page is marked `aria-current`.
 */
export function SidebarNav({ items, onNavigate }: { items: NavItem[]; onNavigate?: () => void }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main">
      <ul className="space-y-1">
        {items.map((item) => {
          const current = pathname === item.href || pathname.startsWith(`${item.href}/`);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                onClick={onNavigate}
                aria-current={current ? 'page' : undefined}
                className={cn(
                  'flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium text-sidebar-foreground transition-colors hover:bg-sidebar-accent hover:text-sidebar-accent-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-sidebar-ring',
                  current && 'bg-sidebar-accent text-sidebar-accent-foreground',
                )}
              >
                <NavIcon icon={item.icon} />
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

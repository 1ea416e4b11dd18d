'use client';

import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { cn } from '@aiconnected/ui';

/** A tab of the branding section (BRANDING_TABS in lib/access.ts, filtered by the rules). */
export interface BrandingTab {
  href: string;
  label: string;
}

/**
 * The branding section's tabs as links (each tab is a page of its own), keeping the picked
 * workspace (`?workspace=`) when moving between them; the current one is `aria-current`.
 * Scrolls sideways on a phone instead of wrapping.
 */
export function BrandingTabs({ tabs }: { tabs: BrandingTab[] }) {
  const pathname = usePathname();
  const workspace = useSearchParams().get('workspace');
  const query = workspace ? `?workspace=${encodeURIComponent(workspace)}` : '';
  return (
    <nav aria-label="Branding" className="-mx-1 overflow-x-auto">
      <ul className="flex min-w-max gap-1 border-b px-1">
        {tabs.map((tab) => {
          const current = pathname === tab.href || pathname.startsWith(`${tab.href}/`);
          return (
            <li key={tab.href}>
              <Link
                href={`${tab.href}${query}`}
                aria-current={current ? 'page' : undefined}
                className={cn(
                  '-mb-px inline-flex items-center border-b-2 border-transparent px-3 py-2 text-sm font-medium text-muted-foreground transition-colors hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring',
                  current && 'border-primary text-foreground',
                )}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

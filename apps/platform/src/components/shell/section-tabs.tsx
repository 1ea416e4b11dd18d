'use client';

import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { cn } from '@aiconnected/ui';

/** A tab of a section (BRANDING_TABS, MODULES_TABS in lib/access.ts, filtered by the rules). */
export interface SectionTab {
  href: string;
  label: string;
}

/** The tab whose href is the longest segment-wise prefix of the path (`/modules` vs `/modules/registry`). */
function currentTab(tabs: readonly SectionTab[], pathname: string): string | undefined {
  return tabs
    .filter((tab) => pathname === tab.href || pathname.startsWith(`${tab.href}/`))
    .sort((a, b) => b.href.length - a.href.length)[0]?.href;
}

/**
 * A section's tabs as links (each tab is a page of its own), keeping the picked workspace
 * (`?workspace=`) when moving between them; the current one is `aria-current`. Tabs that do
 * not fit on one line wrap onto the next (never cut off or scrolled out of sight on a phone:
 * layout-fit.test.ts). `label` names the navigation landmark.
 */
export function SectionTabs({ label, tabs }: { label: string; tabs: SectionTab[] }) {
  const pathname = usePathname();
  const workspace = useSearchParams().get('workspace');
  const query = workspace ? `?workspace=${encodeURIComponent(workspace)}` : '';
  const current = currentTab(tabs, pathname);
  return (
    <nav aria-label={label}>
      <ul className="flex flex-wrap gap-x-1 border-b">
        {tabs.map((tab) => (
          <li key={tab.href}>
            <Link
              href={`${tab.href}${query}`}
              aria-current={tab.href === current ? 'page' : undefined}
              className={cn(
                '-mb-px inline-flex items-center border-b-2 border-transparent px-3 py-2 text-sm font-medium text-muted-foreground transition-colors hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring',
                tab.href === current && 'border-primary text-foreground',
              )}
            >
              {tab.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

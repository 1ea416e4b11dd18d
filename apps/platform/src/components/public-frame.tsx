import type { ReactNode } from 'react';
import Link from 'next/link';
import { ThemeToggle } from '@aiconnected/ui';

/**
 * The frame of the pages one sees without a workspace (status, sign-in, emailed links, the
 * not-found page): the product name (or, on a workspace's own host, that workspace's name and
 * logo) and the theme choice over a centred column.
 */
export function PublicFrame({
  children,
  aside,
  brand,
}: {
  children: ReactNode;
  aside?: ReactNode;
  brand?: { name: string; logoUrl: string | null };
}) {
  return (
    <>
      <header className="border-b bg-card">
        <div className="mx-auto flex h-14 max-w-5xl items-center justify-between gap-4 px-6">
          <Link href="/" className="text-lg font-semibold tracking-tight text-foreground">
            {brand?.logoUrl ? (
              // The workspace's stored logo, from our own origin.
              <img src={brand.logoUrl} alt={brand.name} className="h-8 w-auto max-w-[12rem]" />
            ) : (
              (brand?.name ?? 'aiConnected')
            )}
          </Link>
          <div className="flex items-center gap-2">
            {aside}
            <ThemeToggle />
          </div>
        </div>
      </header>
      <main
        id="main-content"
        tabIndex={-1}
        className="mx-auto max-w-5xl px-6 py-10 focus:outline-none"
      >
        {children}
      </main>
    </>
  );
}

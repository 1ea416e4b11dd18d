import type { ReactNode } from 'react';
import Link from 'next/link';

/**
 * The frame of the pages one sees without a workspace (status, sign-in, emailed links, the
 * not-found page): the product name over a centred column.
 */
export function PublicFrame({ children, aside }: { children: ReactNode; aside?: ReactNode }) {
  return (
    <>
      <header className="border-b bg-card">
        <div className="mx-auto flex h-14 max-w-5xl items-center justify-between gap-4 px-6">
          <Link href="/" className="text-lg font-semibold tracking-tight text-foreground">
            aiConnected
          </Link>
          {aside}
        </div>
      </header>
      <main id="main-content" tabIndex={-1} className="mx-auto max-w-5xl px-6 py-10 focus:outline-none">
        {children}
      </main>
    </>
  );
}

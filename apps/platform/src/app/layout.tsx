import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import Link from 'next/link';
import '@aiconnected/ui/globals.css';

export const metadata: Metadata = {
  title: { default: 'aiConnected', template: '%s · aiConnected' },
  description: 'aiConnected Core Shell',
};

/** The shell frame: a header with the product name over the page; colours come from the theme variables. */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <header className="border-b bg-card">
          <div className="mx-auto flex h-14 max-w-5xl items-center px-6">
            <Link href="/" className="text-lg font-semibold tracking-tight text-foreground">
              aiConnected
            </Link>
          </div>
        </header>
        <main className="mx-auto max-w-5xl px-6 py-10">{children}</main>
      </body>
    </html>
  );
}

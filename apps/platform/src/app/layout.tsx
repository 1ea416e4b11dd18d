import type { Metadata } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { ThemeProvider, Toaster } from '@aiconnected/ui';
import '@aiconnected/ui/globals.css';
import './fonts';
import { NONCE_HEADER } from '@/lib/page-content-security-policy';

export const metadata: Metadata = {
  title: { default: 'aiConnected', template: '%s · aiConnected' },
  description: 'aiConnected Core Shell',
};

/**
 * The document: html, body, the skip link, the light/dark theme (the system's setting unless
 * the person chose one; next-themes sets the class before the first paint, hence
 * `suppressHydrationWarning` on <html>) and the toaster for confirmations. The frames (public
 * pages, the signed-in app shell) are the route groups' layouts; each renders the
 * `main#main-content` the link targets. Colours come from the theme variables. next-themes'
 * inline script carries the page's CSP nonce (src/middleware.ts); reading it renders every
 * page per request, as a fresh nonce requires (the pages that read no session are small).
 */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <body className="min-h-screen">
        <a
          href="#main-content"
          className="sr-only z-50 rounded-md bg-primary px-4 py-2 text-primary-foreground focus:not-sr-only focus:fixed focus:left-4 focus:top-4"
        >
          Skip to content
        </a>
        <ThemeProvider nonce={headers().get(NONCE_HEADER) ?? undefined}>
          {children}
          <Toaster position="top-center" closeButton />
        </ThemeProvider>
      </body>
    </html>
  );
}

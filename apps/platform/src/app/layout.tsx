import type { Metadata } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { ThemeProvider, Toaster } from '@aiconnected/ui';
import '@aiconnected/ui/globals.css';
import './fonts';
import { NONCE_HEADER } from '@/lib/page-content-security-policy';
import { loadPageThemeCss } from '@/lib/page-theme';

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
 * The workspace's theme (its effective variables, light and dark) is in the document's head,
 * so the first paint already has its colours and fonts (lib/page-theme.ts).
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const nonce = headers().get(NONCE_HEADER) ?? undefined;
  const themeCss = await loadPageThemeCss();
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        {themeCss === null ? null : (
          // Normal-form values only (the theme engine's themeToCss): no `<` can reach here.
          <style
            id="workspace-theme"
            nonce={nonce}
            dangerouslySetInnerHTML={{ __html: themeCss }}
          />
        )}
      </head>
      <body className="min-h-screen">
        <a
          href="#main-content"
          className="sr-only z-50 rounded-md bg-primary px-4 py-2 text-primary-foreground focus:not-sr-only focus:fixed focus:left-4 focus:top-4"
        >
          Skip to content
        </a>
        <ThemeProvider nonce={nonce}>
          {children}
          <Toaster position="top-center" closeButton />
        </ThemeProvider>
      </body>
    </html>
  );
}

import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { ThemeProvider, Toaster } from '@aiconnected/ui';
import '@aiconnected/ui/globals.css';

export const metadata: Metadata = {
  title: { default: 'aiConnected', template: '%s · aiConnected' },
  description: 'aiConnected Core Shell',
};

/**
 * The document: html, body, the skip link, the light/dark theme (the system's setting unless
 * the person chose one; next-themes sets the class before the first paint, hence
 * `suppressHydrationWarning` on <html>) and the toaster for confirmations. The frames (public
 * pages, the signed-in app shell) are the route groups' layouts; each renders the
 * `main#main-content` the link targets. Colours come from the theme variables.
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
        <ThemeProvider>
          {children}
          <Toaster position="top-center" closeButton />
        </ThemeProvider>
      </body>
    </html>
  );
}

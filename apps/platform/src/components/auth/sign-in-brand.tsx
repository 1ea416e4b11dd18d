import type { ReactNode } from 'react';
import type { BrandingProfile } from '@aiconnected/sdk-contracts';
import { loginBrandStyle, loginFont } from './login-brand-style';

export interface SignInBrandProps {
  profile: BrandingProfile;
  /** The workspace the page belongs to (null: the platform's own page). */
  name: string | null;
  logoUrl: string | null;
  /** The workspace's sign-in background (`login_background`), shown behind the brand panel. */
  backgroundUrl?: string | null;
  /** The sign-in card. */
  children: ReactNode;
  /** A picture of the page (the editor's preview): the support link is not a link. */
  preview?: boolean;
}

/**
 * The branded frame of the sign-in card: a panel in the brand's secondary colour with its logo
 * (or name), headline and sub-headline, over the sign-in background when there is one (under a
 * 85% layer of the panel colour, so its text keeps the contrast it was picked for), the card,
 * then the footer and the support link. Copy
 * is rendered as text, never markup. Without a profile it is the plain product page. Used by
 * the sign-in page and, unchanged, by the editor's live preview.
 */
export function SignInBrand({
  profile,
  name,
  logoUrl,
  backgroundUrl,
  children,
  preview,
}: SignInBrandProps) {
  const { headline, subheadline, footer } = profile.copy ?? {};
  const heading = loginFont(profile.typography?.heading_font);
  const hasPanel = Boolean(logoUrl || headline || subheadline || name || backgroundUrl);
  return (
    <div className="mx-auto w-full max-w-md space-y-4" style={loginBrandStyle(profile)}>
      {hasPanel ? (
        <div
          data-testid="sign-in-brand-panel"
          className="relative isolate overflow-hidden rounded-xl bg-secondary px-6 py-5 text-secondary-foreground"
        >
          {backgroundUrl ? (
            <>
              {/* Decoration: a stored, content-addressed asset of our own origin. */}
              <img
                src={backgroundUrl}
                alt=""
                data-testid="sign-in-background"
                className="absolute inset-0 -z-10 h-full w-full object-cover"
              />
              <div
                aria-hidden
                className="absolute inset-0 -z-10 bg-secondary"
                style={{ opacity: 0.85 }}
              />
            </>
          ) : null}
          {backgroundUrl && !logoUrl && !headline && !subheadline && !name ? (
            // The image alone: give the panel some height to show it.
            <div className="h-24" />
          ) : null}
          {logoUrl ? (
            // A stored, content-addressed asset of our own origin.
            <img src={logoUrl} alt={name ?? 'Logo'} className="mb-3 h-10 w-auto max-w-full" />
          ) : name ? (
            <p className="mb-2 text-sm font-semibold uppercase tracking-wide">{name}</p>
          ) : null}
          {headline ? (
            <p className="text-2xl font-semibold leading-tight" style={{ fontFamily: heading }}>
              {headline}
            </p>
          ) : null}
          {subheadline ? <p className="mt-1 text-sm opacity-90">{subheadline}</p> : null}
        </div>
      ) : null}
      {children}
      {footer || profile.support_link ? (
        <div className="space-y-1 text-center text-sm text-muted-foreground">
          {profile.support_link ? (
            <p>
              {preview ? (
                <span className="font-medium text-foreground underline underline-offset-4">
                  {profile.support_link.text}
                </span>
              ) : (
                <a
                  href={profile.support_link.url}
                  rel="noopener noreferrer"
                  className="font-medium text-foreground underline underline-offset-4 hover:text-primary"
                >
                  {profile.support_link.text}
                </a>
              )}
            </p>
          ) : null}
          {footer ? <p>{footer}</p> : null}
        </div>
      ) : null}
    </div>
  );
}

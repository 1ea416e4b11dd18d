'use client';

import { Card, CardContent, CardDescription, CardHeader } from '@aiconnected/ui';
import type { ResolvedTheme } from '@aiconnected/theme';
import type { BrandingProfile } from '@aiconnected/sdk-contracts';
import { SignInBrand } from '../auth/sign-in-brand';
import { ModePreviews } from '../theme/mode-previews';

/** The sign-in card as a picture: no field, link or button one could tab to. */
function SampleCard() {
  const field = (label: string) => (
    <div className="space-y-1.5">
      <p className="text-sm font-medium">{label}</p>
      <div className="h-9 rounded-md border border-input bg-background" />
    </div>
  );
  return (
    <Card>
      <CardHeader>
        <p className="text-2xl font-semibold tracking-tight">Sign in</p>
        <CardDescription>Use the email address and password of your account.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        {field('Email')}
        {field('Password')}
        <div className="flex h-9 items-center justify-center rounded-md bg-primary text-sm font-medium text-primary-foreground">
          Sign in
        </div>
      </CardContent>
    </Card>
  );
}

/**
 * The sign-in page as the draft would show it, light and dark side by side, over the
 * workspace's effective theme (the engine's CSS scoped to each pane; normal-form values only,
 * hence safe in a style element). The page's own component renders it, so it cannot drift.
 */
export function LoginScreenPreview({
  profile,
  name,
  logoUrl,
  backgroundUrl,
  theme,
}: {
  profile: BrandingProfile;
  name: string | null;
  logoUrl: string | null;
  backgroundUrl: string | null;
  theme: ResolvedTheme;
}) {
  return (
    <ModePreviews
      theme={theme}
      idPrefix="login-preview"
      paneClassName="rounded-lg border bg-background p-4 text-foreground"
    >
      {() => (
        <SignInBrand
          profile={profile}
          name={name}
          logoUrl={logoUrl}
          backgroundUrl={backgroundUrl}
          preview
        >
          <SampleCard />
        </SignInBrand>
      )}
    </ModePreviews>
  );
}

import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth/auth-card';
import { SignInBrand } from '@/components/auth/sign-in-brand';
import { SignInForm } from '@/components/auth/sign-in-form';
import { safeNextPath } from '@/lib/safe-next-path';
import { loadSession } from '@/lib/session';
import { loadSignInBranding } from '@/lib/sign-in-branding';

export const metadata: Metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

interface SignInPageProps {
  searchParams: { next?: string | string[] };
}

/**
 * `/sign-in`: email and password, in the login branding of the host (a workspace's verified
 * domain or platform host, else the platform's baseline), rendered on the server so the first
 * paint is branded. Someone already signed in goes on to where they were headed.
 */
export default async function SignInPage({ searchParams }: SignInPageProps) {
  const next = safeNextPath(searchParams.next);
  const session = await loadSession();
  if (session) redirect(session.context ? (next ?? session.destination) : '/select-workspace');
  const branding = await loadSignInBranding();

  return (
    <SignInBrand
      profile={branding?.branding_profile ?? {}}
      name={branding?.workspace_name ?? null}
      logoUrl={branding?.logo_url ?? null}
      backgroundUrl={branding?.background_url ?? null}
    >
      <AuthCard title="Sign in" description="Use the email address and password of your account.">
        <SignInForm next={next} />
      </AuthCard>
    </SignInBrand>
  );
}

import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthCard } from '@/components/auth/auth-card';
import { SignInForm } from '@/components/auth/sign-in-form';
import { safeNextPath } from '@/lib/safe-next-path';
import { loadSession } from '@/lib/session';

export const metadata: Metadata = { title: 'Sign in' };
export const dynamic = 'force-dynamic';

interface SignInPageProps {
  searchParams: { next?: string | string[] };
}

/** `/sign-in`: email and password. Someone already signed in goes on to where they were headed. */
export default async function SignInPage({ searchParams }: SignInPageProps) {
  const next = safeNextPath(searchParams.next);
  const session = await loadSession();
  if (session) redirect(session.context ? (next ?? session.destination) : '/select-workspace');

  return (
    <AuthCard title="Sign in" description="Use the email address and password of your account.">
      <SignInForm next={next} />
    </AuthCard>
  );
}

import type { Metadata } from 'next';
import Link from 'next/link';
import { AuthCard } from '@/components/auth/auth-card';
import { SetPasswordForm } from '@/components/auth/set-password-form';

export const metadata: Metadata = { title: 'Set password' };

interface SetPasswordPageProps {
  searchParams: { token?: string | string[] };
}

/**
 * `/set-password?token=`: the target of both the invitation and the password reset mail.
 * Without a token there is nothing to spend, so the page says how to get a new link.
 */
export default function SetPasswordPage({ searchParams }: SetPasswordPageProps) {
  const token = typeof searchParams.token === 'string' ? searchParams.token : '';
  return (
    <AuthCard
      title="Choose your password"
      description="Set the password you will sign in with. If you were invited, this also accepts the invitation."
    >
      {token ? (
        <SetPasswordForm token={token} />
      ) : (
        <p className="text-sm text-muted-foreground">
          This link is incomplete. Open the link from your email again, or{' '}
          <Link href="/forgot-password" className="text-foreground underline underline-offset-4">
            request a new one
          </Link>
          .
        </p>
      )}
    </AuthCard>
  );
}

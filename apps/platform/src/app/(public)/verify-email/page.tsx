import type { Metadata } from 'next';
import { AuthCard } from '@/components/auth/auth-card';
import { EmailLinkForm } from '@/components/auth/email-link-form';

export const metadata: Metadata = { title: 'Confirm email address' };

interface VerifyEmailPageProps {
  searchParams: { token?: string | string[] };
}

/** `/verify-email?token=`: confirms a new email address from the link mailed to it. */
export default function VerifyEmailPage({ searchParams }: VerifyEmailPageProps) {
  const token = typeof searchParams.token === 'string' ? searchParams.token : '';
  return (
    <AuthCard
      title="Confirm your email address"
      description="Your account will use this address from now on."
    >
      {token ? (
        <EmailLinkForm kind="verify" token={token} />
      ) : (
        <p className="text-sm text-muted-foreground">
          This link is incomplete. Open the link from your email again.
        </p>
      )}
    </AuthCard>
  );
}

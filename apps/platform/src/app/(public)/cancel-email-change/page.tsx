import type { Metadata } from 'next';
import { AuthCard } from '@/components/auth/auth-card';
import { EmailLinkForm } from '@/components/auth/email-link-form';

export const metadata: Metadata = { title: 'Cancel email change' };

interface CancelEmailChangePageProps {
  searchParams: { token?: string | string[] };
}

/** `/cancel-email-change?token=`: the link mailed to the old address of a pending email change. */
export default function CancelEmailChangePage({ searchParams }: CancelEmailChangePageProps) {
  const token = typeof searchParams.token === 'string' ? searchParams.token : '';
  return (
    <AuthCard
      title="Cancel the email change"
      description="Someone asked to move your account to another email address. Cancel it to keep this one."
    >
      {token ? (
        <EmailLinkForm kind="cancel" token={token} />
      ) : (
        <p className="text-sm text-muted-foreground">
          This link is incomplete. Open the link from your email again.
        </p>
      )}
    </AuthCard>
  );
}

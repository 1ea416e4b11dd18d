import type { Metadata } from 'next';
import Link from 'next/link';
import { AcceptInvitationForm } from '@/components/auth/accept-invitation-form';
import { AuthCard } from '@/components/auth/auth-card';
import { SetPasswordForm } from '@/components/auth/set-password-form';
import { ApiError } from '@/lib/api-error';
import type { LinkDescription } from '@aiconnected/sdk-contracts';
import { apiFetch } from '@/lib/server-api';

export const metadata: Metadata = { title: 'Set password' };

interface SetPasswordPageProps {
  searchParams: { token?: string | string[] };
}

/** The link as the API sees it, or null when it is unknown, used or expired. */
async function inspectLink(token: string): Promise<LinkDescription | null> {
  try {
    return await apiFetch<LinkDescription>('/auth/links/inspect', {
      method: 'POST',
      body: { token },
    });
  } catch (error) {
    if (
      error instanceof ApiError &&
      (error.code === 'SESSION_INVALID' || error.code === 'VALIDATION_BLOCKING')
    ) {
      return null;
    }
    throw error;
  }
}

function NewLinkHint({ lead }: { lead: string }) {
  return (
    <p className="text-sm text-muted-foreground">
      {lead} Ask the person who invited you to send the invitation again, or{' '}
      <Link href="/forgot-password" className="text-foreground underline underline-offset-4">
        request a password reset link
      </Link>
      .
    </p>
  );
}

/**
 * `/set-password?token=`: the target of both the invitation and the password reset mail. The
 * link is checked first (`POST /api/auth/links/inspect`), so a used or expired one says so
 * before anything is typed. An invitation asks for a name and a password and signs the person
 * in; a reset asks for the new password.
 */
export default async function SetPasswordPage({ searchParams }: SetPasswordPageProps) {
  const token = typeof searchParams.token === 'string' ? searchParams.token : '';
  const link = token ? await inspectLink(token) : null;

  if (!token) {
    return (
      <AuthCard title="Choose your password">
        <NewLinkHint lead="This link is incomplete. Open the link from your email again." />
      </AuthCard>
    );
  }
  if (!link) {
    return (
      <AuthCard title="This link can no longer be used">
        <NewLinkHint lead="The link has already been used or has expired." />
      </AuthCard>
    );
  }
  if (link.purpose === 'invitation') {
    return (
      <AuthCard
        title={`Join ${link.workspace_name ?? 'your workspace'}`}
        description={
          link.has_password
            ? 'You already have an account: confirm with your password to accept the invitation.'
            : 'Tell us your name and choose a password to accept the invitation.'
        }
      >
        <AcceptInvitationForm
          token={token}
          email={link.email}
          existingAccount={link.has_password}
        />
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Choose your password" description="Set the password you will sign in with.">
      <SetPasswordForm token={token} email={link.email} />
    </AuthCard>
  );
}

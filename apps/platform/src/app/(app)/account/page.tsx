import type { Metadata } from 'next';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@aiconnected/ui';
import { ChangePasswordForm } from '@/components/account/change-password-form';
import { OwnEmailForm } from '@/components/account/own-email-form';
import { ProfileForm } from '@/components/account/profile-form';
import { SessionsTable } from '@/components/account/sessions-table';
import { effectiveRoleLabel } from '@/components/labels';
import { PageHeading } from '@/components/page-heading';
import type { SessionSummaryList } from '@aiconnected/sdk-contracts';
import { requireAppSession } from '@/lib/guard';
import { readForPage } from '@/lib/page-errors';
import { apiFetch } from '@/lib/server-api';

export const metadata: Metadata = { title: 'Account' };

/** `/account`: one's own profile, email address, password and sessions. */
export default async function AccountPage() {
  const { session, context } = await requireAppSession();
  const read = await readForPage(() => apiFetch<SessionSummaryList>('/auth/sessions'));
  const sessions = read.denied ? [] : read.data.items;

  return (
    <>
      <PageHeading
        title="Account"
        description={`Signed in as ${session.user.email} · ${effectiveRoleLabel(context)} in this workspace.`}
      />
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>Profile</h2>
          </CardTitle>
          <CardDescription>How your name appears to others.</CardDescription>
        </CardHeader>
        <CardContent>
          <ProfileForm userId={session.user.id} displayName={session.user.display_name ?? ''} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>Email address</h2>
          </CardTitle>
          <CardDescription>
            You sign in with this address; a new one must be confirmed first.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <OwnEmailForm userId={session.user.id} email={session.user.email} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>Password</h2>
          </CardTitle>
          <CardDescription>
            Changing it signs you out everywhere else; this session stays signed in.
          </CardDescription>
        </CardHeader>
        <CardContent>
          {session.impersonation.active ? (
            <p className="text-sm text-muted-foreground">
              Stop impersonating to change your own password.
            </p>
          ) : (
            <ChangePasswordForm email={session.user.email} name={session.user.display_name} />
          )}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>Sessions</h2>
          </CardTitle>
          <CardDescription>
            Where you are signed in. Revoke any session you do not recognise.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <SessionsTable sessions={sessions} />
        </CardContent>
      </Card>
    </>
  );
}

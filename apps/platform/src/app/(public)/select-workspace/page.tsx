import type { Metadata } from 'next';
import { AuthCard } from '@/components/auth/auth-card';
import { SignOutButton } from '@/components/auth/sign-out-button';
import { WorkspacePicker } from '@/components/auth/workspace-picker';
import { personName } from '@/components/labels';
import { requireSignedIn } from '@/lib/guard';
import { safeNextPath } from '@/lib/safe-next-path';

export const metadata: Metadata = { title: 'Choose a workspace' };
export const dynamic = 'force-dynamic';

interface SelectWorkspacePageProps {
  searchParams: { next?: string | string[] };
}

/**
 * `/select-workspace`: the workspaces the signed-in user belongs to; a user with none gets a
 * clear explanation instead of an error.
 */
export default async function SelectWorkspacePage({ searchParams }: SelectWorkspacePageProps) {
  const session = await requireSignedIn();
  const next = safeNextPath(searchParams.next);
  const options = session.workspace_options;

  return (
    <div className="space-y-6">
      {options.length === 0 ? (
        <AuthCard
          title="You don’t belong to a workspace yet"
          description="Your account is active, but no workspace has added you. Ask the person who invited you, or an administrator of your organisation, to add you to their workspace."
        >
          <p className="text-sm text-muted-foreground">
            Once you have been added, sign out and in again to open the workspace.
          </p>
        </AuthCard>
      ) : (
        <AuthCard
          title="Choose a workspace"
          description="Pick the workspace you want to work in. You can switch later."
        >
          <WorkspacePicker
            options={options}
            activeWorkspaceId={session.context?.workspace_id ?? null}
            next={next}
          />
        </AuthCard>
      )}
      <div className="mx-auto flex max-w-md items-center justify-between gap-4 text-sm text-muted-foreground">
        <span className="truncate">Signed in as {personName(session.user)}</span>
        <SignOutButton size="sm" />
      </div>
    </div>
  );
}

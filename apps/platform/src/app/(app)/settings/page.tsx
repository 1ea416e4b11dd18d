import type { Metadata } from 'next';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@aiconnected/ui';
import { Forbidden } from '@/components/forbidden';
import { statusLabel } from '@/components/labels';
import { PageHeading } from '@/components/page-heading';
import { WorkspaceNameForm } from '@/components/workspaces/workspace-name-form';
import { loadWorkspace } from '@/lib/active-workspace';
import { requirePageAccess } from '@/lib/guard';
import { readForPage } from '@/lib/page-errors';

export const metadata: Metadata = { title: 'Workspace settings' };

const TYPE_LABELS = { super: 'Platform', agency: 'Agency', business: 'Business' } as const;

/** `/settings`: the active workspace's settings (its name), for holders of `settings.manage`. */
export default async function WorkspaceSettingsPage() {
  const access = await requirePageAccess('/settings');
  if (!access.allowed) return <Forbidden backHref={access.session.destination} />;
  const read = await readForPage(() => loadWorkspace(access.context.workspace_id));
  if (read.denied) return <Forbidden backHref={access.session.destination} />;
  const workspace = read.data;

  return (
    <>
      <PageHeading title="Workspace settings" description={workspace.name} />
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>General</h2>
          </CardTitle>
          <CardDescription>
            The name people see in the workspace switcher and in mail.
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-6">
          <WorkspaceNameForm workspaceId={workspace.id} name={workspace.name} />
          <dl className="grid max-w-md grid-cols-[max-content_1fr] gap-x-8 gap-y-2 text-sm">
            <dt className="text-muted-foreground">Type</dt>
            <dd>{TYPE_LABELS[workspace.type]}</dd>
            <dt className="text-muted-foreground">Status</dt>
            <dd>{statusLabel(workspace.status)}</dd>
            <dt className="text-muted-foreground">URL handle</dt>
            <dd className="font-mono">{workspace.slug ?? '—'}</dd>
          </dl>
        </CardContent>
      </Card>
    </>
  );
}

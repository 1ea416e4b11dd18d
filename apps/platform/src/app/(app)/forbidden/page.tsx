import type { Metadata } from 'next';
import { Forbidden } from '@/components/forbidden';
import { activeWorkspaceName } from '@/lib/active-workspace-name';
import { requireAppSession } from '@/lib/guard';

export const metadata: Metadata = { title: 'No access' };

/**
 * What the middleware shows, with HTTP 403, in place of an app page the visitor's role does
 * not include (the address stays the one typed). Opened directly, it is the same notice.
 */
export default async function ForbiddenPage() {
  const { session, context } = await requireAppSession();
  const workspaceName = await activeWorkspaceName(session, context.workspace_id);
  return <Forbidden backHref={session.destination} workspaceName={workspaceName} />;
}

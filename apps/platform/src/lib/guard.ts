import 'server-only';
import { redirect } from 'next/navigation';
import type { WorkspaceContext } from '@aiconnected/sdk-contracts';
import { accessSubjectOf, canOpen, type AccessSubject, type AppPath } from './access';
import type { SessionView, WorkspaceOption } from '@aiconnected/sdk-contracts';
import { currentRequestPath } from './request-path';
import { loadSession } from './session';

/** A session acting in a workspace: what every page of the app renders for. */
export interface AppSession {
  session: SessionView;
  context: WorkspaceContext;
  subject: AccessSubject;
}

/** The sign-in page, coming back to the page being rendered afterwards. */
export function signInPath(): string {
  return `/sign-in?next=${encodeURIComponent(currentRequestPath())}`;
}

/** The session or a redirect to sign-in (with `next`). */
export async function requireSignedIn(): Promise<SessionView> {
  const session = await loadSession();
  if (!session) redirect(signInPath());
  return session;
}

/**
 * The session with its active workspace, or a redirect: to sign-in when signed out, to the
 * workspace selector when no workspace is active yet.
 */
export async function requireAppSession(): Promise<AppSession> {
  const session = await requireSignedIn();
  if (!session.context) {
    redirect(`/select-workspace?next=${encodeURIComponent(currentRequestPath())}`);
  }
  return { session, context: session.context, subject: accessSubjectOf(session) };
}

/** The outcome of opening an app page: the session, and whether the page is allowed. */
export interface PageAccess extends AppSession {
  allowed: boolean;
}

/** `requireAppSession` plus the page's rule (access.ts), for pages that render Forbidden. */
export async function requirePageAccess(path: AppPath): Promise<PageAccess> {
  const app = await requireAppSession();
  return { ...app, allowed: canOpen(app.subject, path) };
}

/** The workspace option the session is acting in, when it is one of the user's memberships. */
export function activeOption(session: SessionView): WorkspaceOption | undefined {
  return session.workspace_options.find((option) => option.id === session.context?.workspace_id);
}

import { destinationFor, type WorkspaceType } from '@aiconnected/permissions';
import type { Destination, WorkspaceOption } from '@aiconnected/sdk-contracts';

/** The workspace type whose dashboard a destination is (null for the selector). */
export function workspaceTypeOf(destination: Destination): WorkspaceType | null {
  if (destination === '/super') return 'super';
  if (destination === '/agency') return 'agency';
  if (destination === '/business') return 'business';
  return null;
}

/**
 * Where to go right after signing in: `next` when the session already has a workspace, else
 * the active workspace's dashboard, else the selector (which keeps `next` for later).
 */
export function destinationAfterSignIn(
  options: readonly WorkspaceOption[],
  defaultWorkspaceId: string | null,
  next: string | null,
): string {
  const active = options.find((option) => option.id === defaultWorkspaceId);
  if (!active)
    return next ? `/select-workspace?next=${encodeURIComponent(next)}` : '/select-workspace';
  return next ?? destinationFor(active.type);
}

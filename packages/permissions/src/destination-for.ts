import type { Destination } from '@aiconnected/sdk-contracts';
import type { WorkspaceType } from './role-templates';

export type { Destination };

const DESTINATIONS = {
  super: '/super',
  agency: '/agency',
  business: '/business',
} as const satisfies Record<WorkspaceType, Destination>;

/**
 * The role-aware destination after sign-in or a switch (PRD §13): the dashboard of the active
 * workspace's type, or the workspace selector when the session has no active workspace yet.
 */
export function destinationFor(workspaceType: WorkspaceType | null): Destination {
  return workspaceType === null ? '/select-workspace' : DESTINATIONS[workspaceType];
}

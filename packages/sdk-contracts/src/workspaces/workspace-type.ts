/**
 * The levels of the tenant tree (PRD §6). The one list: `permissions` builds its role rules
 * on it, and every API payload naming a workspace type is checked against it.
 */
export const WORKSPACE_TYPES = ['super', 'agency', 'business'] as const;
export type WorkspaceType = (typeof WORKSPACE_TYPES)[number];

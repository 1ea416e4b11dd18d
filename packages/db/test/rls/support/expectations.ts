import {
  CHILD_GOVERNING_ROLES,
  ROLE_CAPABILITIES,
  ROLE_SCOPE,
  type Capability,
  type RoleTemplate,
} from '@aiconnected/permissions';
import {
  WORKSPACE_KEYS,
  WORKSPACE_TREE,
  type MemberSpec,
  type WorkspaceKey,
} from './tenant-fixture';

/** Who may write rows of a workspace-scoped table, as the table's policies say. */
export type WriteRule =
  /** Any capability of `anyOf` held in the row's workspace. */
  | { kind: 'capability'; anyOf: readonly Capability[] }
  /** Any request that can see the row's workspace. */
  | { kind: 'visible' }
  /** No request code at all (no privilege, or a trigger refuses it). */
  | { kind: 'none' };

/** Who may read rows of a workspace-scoped table. */
export type ReadRule =
  | 'visible'
  | 'settings-manage-or-super'
  /** Holders of `cap` in the row's workspace (040: event deliveries, module credentials). */
  | { kind: 'capability'; cap: Capability }
  /**
   * Platform holders of `cap` every row, an agency's holders of `cap` the rows of its tree
   * (the agency and its businesses), nobody else (046: resolution decisions).
   */
  | { kind: 'agency-tree'; cap: Capability };

export const VISIBLE: WriteRule = { kind: 'visible' };
export const NONE: WriteRule = { kind: 'none' };
/** Write rule: the row's workspace grants one of `anyOf`. */
export function capability(...anyOf: Capability[]): WriteRule {
  return { kind: 'capability', anyOf };
}

function holds(role: RoleTemplate, cap: Capability): boolean {
  return (ROLE_CAPABILITIES[role] as readonly Capability[]).includes(cap);
}

/**
 * The workspaces `member` may read when acting in its home workspace
 * (docs/tenancy-and-rls.md "Visible workspaces", PRD §12.4): super roles every workspace;
 * agency admin/manager their agency and its businesses; every other role its home alone.
 */
export function visibleWorkspaces(member: MemberSpec): WorkspaceKey[] {
  const scope = ROLE_SCOPE[member.role];
  if (scope === 'super') return [...WORKSPACE_KEYS];
  if (
    scope === 'agency' &&
    (CHILD_GOVERNING_ROLES as readonly RoleTemplate[]).includes(member.role)
  ) {
    const children = WORKSPACE_TREE.filter((node) => node.parent === member.home).map(
      (node) => node.key,
    );
    return [member.home, ...children];
  }
  return [member.home];
}

/** Workspaces where `member` holds `cap`: visible ones, since its one membership governs them all. */
export function workspacesWithCapability(member: MemberSpec, cap: Capability): WorkspaceKey[] {
  return holds(member.role, cap) ? visibleWorkspaces(member) : [];
}

/** Workspaces whose rows `member` may write under `rule`. */
export function writableWorkspaces(member: MemberSpec, rule: WriteRule): WorkspaceKey[] {
  if (rule.kind === 'none') return [];
  if (rule.kind === 'visible') return visibleWorkspaces(member);
  return rule.anyOf.some((cap) => holds(member.role, cap)) ? visibleWorkspaces(member) : [];
}

/** Workspaces whose rows `member` may read under `rule`. */
export function readableWorkspaces(member: MemberSpec, rule: ReadRule): WorkspaceKey[] {
  if (rule === 'visible') return visibleWorkspaces(member);
  if (typeof rule === 'object' && rule.kind === 'agency-tree') {
    if (holdsPlatformCapability(member, rule.cap)) return [...WORKSPACE_KEYS];
    return ROLE_SCOPE[member.role] === 'agency' ? workspacesWithCapability(member, rule.cap) : [];
  }
  if (typeof rule === 'object') return workspacesWithCapability(member, rule.cap);
  // audit_logs: settings.manage in the workspace, or a super member within its visible scope.
  if (ROLE_SCOPE[member.role] === 'super') return visibleWorkspaces(member);
  return workspacesWithCapability(member, 'settings.manage');
}

/** Whether `member` holds platform capability `cap` (a super role whose template grants it). */
export function holdsPlatformCapability(member: MemberSpec, cap: Capability): boolean {
  return ROLE_SCOPE[member.role] === 'super' && holds(member.role, cap);
}

/** `keys` in tree order, so expectations and observations compare as plain arrays. */
export function inTreeOrder(keys: Iterable<WorkspaceKey>): WorkspaceKey[] {
  const set = new Set(keys);
  return WORKSPACE_KEYS.filter((key) => set.has(key));
}

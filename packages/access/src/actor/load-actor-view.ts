import { asServiceRole, type Tx } from '@aiconnected/db';
import {
  effectiveCapabilities,
  seesChildWorkspaces,
  type Capability,
  type GoverningMembership,
} from '@aiconnected/permissions';
import type { WorkspaceContext } from '@aiconnected/sdk-contracts';
import { loadGoverningMemberships, type GoverningMemberships } from './load-governing-memberships';

/** What the actor may do in one workspace it can see. */
export interface ActorWorkspaceAccess {
  workspace: GoverningMemberships['workspace'];
  /** Effective capabilities there: claimed by the request and granted by its memberships. */
  capabilities: Capability[];
  /**
   * The actor's memberships that govern the workspace (its own, its parent agency's, super),
   * for rules that depend on how it is governed (a module policy, a module's `minimumRole`).
   */
  memberships: readonly GoverningMembership[];
  /**
   * Super whose super membership grants `users.manage`, and who claims it
   * (`shell.has_platform_permission('users.manage')`). Widens the scope only (`platformScope`):
   * roles and capabilities it grants are bound by its own, as everyone's.
   */
  platformUsersManager: boolean;
}

/** The actor as the code-level checks see it (the first layer; RLS is the second). */
export interface ActorView {
  /** Access to the active workspace; null when the actor governs it no more. */
  active: ActorWorkspaceAccess | null;
  /** Access to a workspace; null when it does not exist or the actor cannot see it. */
  accessTo(workspaceId: string): Promise<ActorWorkspaceAccess | null>;
  /**
   * Acting in the super workspace as the platform's users manager: every user is in scope
   * (still not one who outranks it, `judgeUserManagement`).
   */
  platformScope: boolean;
}

/**
 * Computes, in code, what migration 017 computes in SQL: the workspaces visible from the
 * active one, and per workspace the capabilities both claimed and granted by the actor's
 * governing memberships. Reads memberships past RLS (as the service) inside `tx`; `accessTo`
 * switches the role of `tx`, so await each call before the next statement on `tx`.
 */
export async function loadActorView(tx: Tx, actor: WorkspaceContext): Promise<ActorView> {
  const claimed = new Set(actor.permissions);
  const load = (workspaceId: string) =>
    asServiceRole(tx, 'access: read the governing memberships of the actor', () =>
      loadGoverningMemberships(tx, { userId: actor.user_id, workspaceId }),
    );

  const toAccess = (governing: GoverningMemberships): ActorWorkspaceAccess => {
    const held = (effectiveCapabilities(governing.memberships)?.capabilities ?? []).filter(
      (capability) => claimed.has(capability),
    );
    // The memberships in the super workspace, as shell.has_platform_permission counts them:
    // the `super` relation elsewhere, the `member` one in the super workspace itself.
    const superGrants = effectiveCapabilities(
      governing.memberships.filter((membership) => membership.workspaceType === 'super'),
    );
    return {
      workspace: governing.workspace,
      capabilities: held,
      memberships: governing.memberships,
      platformUsersManager:
        claimed.has('users.manage') &&
        (superGrants?.capabilities.includes('users.manage') ?? false),
    };
  };

  const activeGoverning = await load(actor.workspace_id);
  const governsActive = activeGoverning !== null && activeGoverning.memberships.length > 0;
  const active = governsActive ? toAccess(activeGoverning) : null;
  // Visible from an agency: its child businesses, when a membership whose role governs them
  // (an agency admin/manager one, or a super one) governs the agency.
  const seesChildren =
    governsActive &&
    activeGoverning.memberships.some((membership) => seesChildWorkspaces(membership.roleTemplate));

  const cache = new Map<string, Promise<ActorWorkspaceAccess | null>>();
  const accessTo = (workspaceId: string): Promise<ActorWorkspaceAccess | null> => {
    if (active === null) return Promise.resolve(null);
    if (workspaceId === active.workspace.id) return Promise.resolve(active);
    let cached = cache.get(workspaceId);
    if (cached === undefined) {
      cached = load(workspaceId).then((governing) => {
        if (governing === null) return null;
        const { workspace } = governing;
        const visible =
          active.workspace.type === 'super' ||
          (active.workspace.type === 'agency' &&
            seesChildren &&
            workspace.type === 'business' &&
            workspace.parentWorkspaceId === active.workspace.id);
        return visible ? toAccess(governing) : null;
      });
      cache.set(workspaceId, cached);
    }
    return cached;
  };

  return {
    active,
    accessTo,
    platformScope:
      active !== null && active.workspace.type === 'super' && active.platformUsersManager,
  };
}

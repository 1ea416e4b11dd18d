import type { RoleTemplate, WorkspaceType } from '@aiconnected/sdk-contracts';
import { randomName } from '../test-database-server';
import type { SeedTarget } from './seed-target';
import { seedMembership, type SeedOverride } from './seed-membership';
import { seedUser, type SeededUser, type SeedUserStatus } from './seed-user';
import { seedWorkspace, type SeededWorkspace } from './seed-workspace';

/** One workspace of a tree: `parent` is the key of a workspace listed before it. */
export interface TreeWorkspaceSpec<K extends string = string> {
  key: K;
  type: WorkspaceType;
  parent: K | null;
  name: string;
  status?: string;
}

/** One user of a tree and its memberships (`in`: a workspace key). */
export interface TreeUserSpec<K extends string = string> {
  memberships: readonly {
    in: K;
    role: RoleTemplate;
    active?: boolean;
    overrides?: readonly SeedOverride[];
  }[];
  status?: SeedUserStatus;
  displayName?: string;
}

/** A tenant tree: workspaces top-down, users by key (the key also makes the e-mail readable). */
export interface TenantTreeSpec<K extends string = string, U extends string = string> {
  workspaces: readonly TreeWorkspaceSpec<K>[];
  users: Readonly<Record<U, TreeUserSpec<K>>>;
}

export interface SeedTenantTreeOptions {
  /** Append the tree's tag to every workspace name (for names unique across seeds). */
  tagNames?: boolean;
  /** A scrypt hash every user gets as local password (see `SeedUserInput.passwordHash`). */
  passwordHash?: string;
}

/** A seeded user of a tree, with its memberships in spec order. */
export interface SeededTreeUser<K extends string = string> extends SeededUser {
  memberships: { workspaceKey: K; workspaceId: string; membershipId: string; role: RoleTemplate }[];
}

export interface SeededTenantTree<K extends string = string, U extends string = string> {
  /** The random tag in every e-mail of this seed (and in names with `tagNames`). */
  tag: string;
  workspaces: Record<K, SeededWorkspace>;
  users: Record<U, SeededTreeUser<K>>;
}

/**
 * Seeds a declarative tenant tree: the workspaces in order, then each user with its
 * memberships (e-mails `<user key>-<tag>@example.test`, lower-cased, `.` and `_` as `-`).
 * The one seeder of the tests; a package that owns more (passwords, sessions) wraps it.
 */
export async function seedTenantTree<K extends string, U extends string>(
  target: SeedTarget,
  spec: TenantTreeSpec<K, U>,
  options: SeedTenantTreeOptions = {},
): Promise<SeededTenantTree<K, U>> {
  const tag = randomName(3);
  const workspaces = {} as Record<K, SeededWorkspace>;
  for (const node of spec.workspaces) {
    workspaces[node.key] = await seedWorkspace(target, {
      type: node.type,
      parentId: node.parent === null ? null : idOf(workspaces, node.parent),
      name: options.tagNames ? `${node.name} ${tag}` : node.name,
      status: node.status,
    });
  }
  const users = {} as Record<U, SeededTreeUser<K>>;
  for (const key of Object.keys(spec.users) as U[]) {
    const userSpec = spec.users[key];
    const user = await seedUser(target, {
      handle: key.replace(/[._]/g, '-'),
      tag,
      status: userSpec.status,
      displayName: userSpec.displayName,
      passwordHash: options.passwordHash,
    });
    const memberships: SeededTreeUser<K>['memberships'] = [];
    for (const membership of userSpec.memberships) {
      const workspaceId = idOf(workspaces, membership.in);
      const membershipId = await seedMembership(target, {
        userId: user.id,
        workspaceId,
        role: membership.role,
        active: membership.active,
        overrides: membership.overrides,
      });
      memberships.push({
        workspaceKey: membership.in,
        workspaceId,
        membershipId,
        role: membership.role,
      });
    }
    users[key] = { ...user, memberships };
  }
  return { tag, workspaces, users };
}

function idOf<K extends string>(workspaces: Record<K, SeededWorkspace>, key: K): string {
  const workspace = workspaces[key] as SeededWorkspace | undefined;
  if (!workspace) throw new Error(`workspace ${key} is used before it is listed`);
  return workspace.id;
}

import type { WorkspaceType } from '@aiconnected/sdk-contracts';
import { randomName } from '../test-database-server';
import { insertReturningId, type SeedTarget } from './seed-target';

export interface SeedWorkspaceInput {
  /** The database's tree rules check the parent's type. */
  type: WorkspaceType;
  /** Null only for the super workspace (one per database). */
  parentId: string | null;
  /** `<type> <random>` unless given. */
  name?: string;
  /** `active` unless given. */
  status?: string;
  slug?: string | null;
}

/** A seeded workspace: what tests address it by. */
export interface SeededWorkspace {
  id: string;
  name: string;
  type: WorkspaceType;
}

/** Inserts one workspace row. */
export async function seedWorkspace(
  target: SeedTarget,
  input: SeedWorkspaceInput,
): Promise<SeededWorkspace> {
  const name = input.name ?? `${input.type} ${randomName(3)}`;
  const id = await insertReturningId(
    target,
    `insert into public.workspaces (type, parent_workspace_id, name, status, slug)
     values ($1, $2, $3, $4, $5) returning id`,
    [input.type, input.parentId, name, input.status ?? 'active', input.slug ?? null],
  );
  return { id, name, type: input.type };
}

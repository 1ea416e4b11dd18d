import { asServiceRole, type Tx } from '@aiconnected/db';
import type { BrandingProfile, WorkspaceType } from '@aiconnected/sdk-contracts';

/** A level of a workspace's ancestry with its latest login-screen profile (migration 031). */
export interface LoginScreenChainRow {
  depth: number;
  workspace_id: string;
  workspace_type: WorkspaceType;
  workspace_name: string;
  /** Null: the workspace never saved a profile. */
  version: number | null;
  profile: BrandingProfile | null;
  allow_business_override: boolean;
}

const REASON = 'branding: read the login-screen chain of a workspace';

/** Root first (super baseline, agency, business), as inheritance reads it. */
const rootFirst = (rows: LoginScreenChainRow[]) => rows.sort((a, b) => b.depth - a.depth);

/**
 * The ancestry of `workspaceId` with each level's latest login-screen profile, root first,
 * read past RLS (`shell.login_screen_chain`: a business member cannot see its agency's rows):
 * the caller has checked the actor may see `workspaceId`. Empty when it does not exist.
 */
export async function readLoginScreenChain(
  tx: Tx,
  workspaceId: string,
): Promise<LoginScreenChainRow[]> {
  const { rows } = await asServiceRole(tx, REASON, () =>
    tx.query<LoginScreenChainRow>('select * from shell.login_screen_chain($1)', [workspaceId]),
  );
  return rootFirst(rows);
}

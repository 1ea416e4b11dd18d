import type { Db, Tx } from '@aiconnected/db';
import { ShellError } from '@aiconnected/sdk-contracts';

/**
 * The refusal on a workspace's own address (custom domain or platform host) for a workspace
 * outside that address's line of descent (PRD §15.1): `WORKSPACE_FORBIDDEN`
 * {reason: 'host_workspace'}, whose message tells the person where to go instead.
 */
export function hostWorkspaceForbidden(internal: string, userMessage: string): ShellError {
  return new ShellError('WORKSPACE_FORBIDDEN', internal, {
    userMessage,
    details: { reason: 'host_workspace' },
  });
}

/**
 * The workspace a sign-in on the address of `hostWorkspaceId` opens for `userId`: the host's
 * workspace when the user governs it (a membership in it, an agency admin/manager membership of
 * its parent agency, a super membership: `shell.governing_memberships`), else the nearest
 * descendant they govern (then agencies before businesses, by name); null when they govern
 * none, so they do not belong at this address. Reads past RLS: `tx` is a service transaction.
 * Only the host and descendants holding one of the user's memberships, or whose parent does,
 * are checked, so an agency with many businesses costs a few checks, not one per business.
 */
export async function hostEntryWorkspace(
  tx: Tx,
  userId: string,
  hostWorkspaceId: string,
): Promise<string | null> {
  const { rows } = await tx.query<{ id: string }>(
    `with recursive subtree as (
       select w.id, w.parent_workspace_id, w.type, w.name, 0 as depth
         from public.workspaces w
        where w.id = $2
       union all
       select c.id, c.parent_workspace_id, c.type, c.name, s.depth + 1
         from subtree s
         join public.workspaces c on c.parent_workspace_id = s.id
        where s.depth < 8
     )
     select s.id
       from subtree s
      cross join lateral shell.governing_memberships($1, s.id) g
      where (s.depth = 0 or exists (
               select 1 from public.workspace_memberships m
                where m.user_id = $1 and m.active
                  and m.workspace_id in (s.id, s.parent_workspace_id)))
        and json_array_length(g.memberships) > 0
      order by s.depth, array_position(array['super', 'agency', 'business'], s.type), s.name, s.id
      limit 1`,
    [userId, hostWorkspaceId],
  );
  return rows[0]?.id ?? null;
}

/**
 * Whether `workspaceId` is in the line of descent of `hostWorkspaceId`: the host's workspace,
 * one of its ancestors or one of its descendants (`shell.workspace_ancestry`, migration 032).
 * False for an id of no workspace.
 */
export async function inHostLineage(
  db: Db,
  hostWorkspaceId: string,
  workspaceId: string,
): Promise<boolean> {
  const { rows } = await db.withService('identity: is a workspace served at a host', (tx) =>
    tx.query<{ related: boolean }>(
      `select exists (
         select 1 from shell.workspace_ancestry($1) a where a.workspace_id = $2
         union all
         select 1 from shell.workspace_ancestry($2) a where a.workspace_id = $1
       ) as related`,
      [hostWorkspaceId, workspaceId],
    ),
  );
  return rows[0]?.related === true;
}

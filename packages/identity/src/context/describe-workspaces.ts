import type { Tx } from '@aiconnected/db';
import { isWorkspaceType, type WorkspaceType } from '@aiconnected/permissions';

/** The name and type of a workspace, as the session's banner and destination need them. */
export interface WorkspaceSummary {
  id: string;
  name: string;
  type: WorkspaceType;
}

/**
 * Names and types of the workspaces a session refers to (active, impersonation actor and
 * target), keyed by id. Only ids the session already holds are asked for, so this reveals
 * nothing the session's owner could not see; `tx` is the caller's service transaction.
 */
export async function describeWorkspaces(
  tx: Tx,
  ids: readonly (string | null)[],
): Promise<Map<string, WorkspaceSummary>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const { rows } = await tx.query<{ id: string; name: string; type: string }>(
    'select id, name, type from public.workspaces where id = any($1::uuid[])',
    [wanted],
  );
  return new Map(
    rows.flatMap((row) =>
      isWorkspaceType(row.type)
        ? [[row.id, { id: row.id, name: row.name, type: row.type }] as const]
        : [],
    ),
  );
}

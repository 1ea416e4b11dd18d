import { asServiceRole, type Db, type Tx } from '@aiconnected/db';
import {
  decodePageCursor,
  encodePageCursor,
  loadActorView,
  requireWorkspaceAccess,
  toPage,
} from '@aiconnected/access';
import type { ThemeVersion, ThemeVersionPage, WorkspaceContext } from '@aiconnected/sdk-contracts';

export interface ListThemeVersionsInput {
  actor: WorkspaceContext;
  /** Default: the active workspace. */
  workspaceId?: string;
  cursor?: string;
  limit: number;
}

const LIST = 'theme-versions';

/**
 * A workspace's theme versions, newest first (`GET /themes/versions`), keyset-paginated on
 * the version number: number, note, author and time. Readable by whoever may read the
 * workspace's theme; any other workspace is `WORKSPACE_FORBIDDEN`. The author is named as the
 * user is now, also when RLS hides that user from the reader (a super operator who edited an
 * agency's theme): only the authors of rows RLS has just shown the reader are read.
 */
export async function listThemeVersions(
  db: Db,
  input: ListThemeVersionsInput,
): Promise<ThemeVersionPage> {
  const { actor } = input;
  const workspaceId = input.workspaceId ?? actor.workspace_id;
  const after =
    input.cursor === undefined
      ? null
      : Number(decodePageCursor(LIST, input.cursor, ['integer'])[0]);
  return db.withWorkspace(actor, async (tx) => {
    const view = await loadActorView(tx, actor);
    await requireWorkspaceAccess(view, workspaceId);
    const seesEmails = view.active?.workspace.type === 'super';
    const { rows } = await tx.query<ThemeVersion & { author_id: string | null }>(
      `select t.workspace_id, t.version, t.change_note, t.created_by_user_id as author_id,
              to_char(t.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_at
         from public.themes t
        where t.workspace_id = $1 and ($2::integer is null or t.version < $2)
        order by t.version desc
        limit $3`,
      [workspaceId, after, input.limit + 1],
    );
    const authors = await readAuthors(
      tx,
      rows.flatMap((row) => (row.author_id === null ? [] : [row.author_id])),
    );
    // Members see who saved a version by name; the address only a super operator or the author.
    const named = (id: string): ThemeVersion['author'] => {
      const author = authors.get(id);
      if (author === undefined) return null;
      return seesEmails || id === actor.user_id
        ? author
        : { id: author.id, display_name: author.display_name };
    };
    return toPage(
      rows,
      input.limit,
      ({ author_id, ...row }) => ({
        ...row,
        author: author_id === null ? null : named(author_id),
      }),
      (row) => encodePageCursor(LIST, [String(row.version)]),
    );
  });
}

/** The authors (id, email, display name) of visible versions, past the users table's RLS. */
async function readAuthors(
  tx: Tx,
  ids: string[],
): Promise<Map<string, Required<NonNullable<ThemeVersion['author']>>>> {
  if (ids.length === 0) return new Map();
  const { rows } = await asServiceRole(
    tx,
    'branding: name the authors of visible theme versions',
    () =>
      tx.query<Required<NonNullable<ThemeVersion['author']>>>(
        'select u.id, u.email, u.display_name from public.users u where u.id = any($1::uuid[])',
        [[...new Set(ids)]],
      ),
  );
  return new Map(rows.map((row) => [row.id, row]));
}

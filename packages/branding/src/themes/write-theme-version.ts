import type { Tx } from '@aiconnected/db';
import { recordAudit, translateWriteError } from '@aiconnected/access';
import {
  CHANGE_NOTE_MAX,
  ShellError,
  textProblem,
  type ThemeSaveResult,
  type ThemeVersion,
  type WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import {
  contrastProblems,
  MODE_TOKENS,
  parseThemeOverlay,
  resolveTheme,
  SHARED_TOKENS,
  type ContrastProblem,
  type ResolvedTheme,
  type ThemeOverlay,
} from '@aiconnected/theme';
import { readThemeChain, toThemeLayers, type ThemeChainRow } from './read-theme-chain';
import {
  contrastTooLow,
  invalidField,
  staleVersion,
  tokenLocked,
  type SourcedContrastProblem,
} from './theme-errors';

export interface WriteThemeVersionInput {
  actor: WorkspaceContext;
  workspaceId: string;
  /** Untrusted: validated and normalised here. */
  themeTokens: unknown;
  changeNote: string;
  correlationId: string;
  /** A rollback names the version whose tokens it copies. */
  rollbackOf?: number;
  /** The version the editor loaded (null/0: none); undefined skips the check. */
  baseVersion?: number | null;
}

const SECTIONS = [
  ['light', MODE_TOKENS],
  ['dark', MODE_TOKENS],
  ['shared', SHARED_TOKENS],
] as const;

/**
 * Saves `themeTokens` as the next version of a workspace's theme, inside the caller's
 * `withWorkspace` transaction, after the caller checked `branding.edit` there: validated and
 * normalised by the theme engine (`VALIDATION_BLOCKING` with issue paths); no value for a
 * token an ancestor locks (`PERMISSION_DENIED` naming the token and the locking workspace);
 * the workspace's effective theme after the change keeps every text/background pair at WCAG
 * AA (`VALIDATION_BLOCKING` listing the pairs). The version is the next number, so two saves
 * at once cannot both take it: the later one is a `CONFLICT` (unique (workspace_id, version)),
 * as is a save whose `baseVersion` (the version the editor loaded) is no longer the latest.
 * Audited as `theme.update` (or `theme.rollback`) in the same transaction.
 */
export async function writeThemeVersion(
  tx: Tx,
  input: WriteThemeVersionInput,
): Promise<ThemeSaveResult> {
  const overlay = parseOverlay(input.themeTokens);
  const changeNote = requireChangeNote(input.changeNote);
  const chain = await readThemeChain(tx, input.workspaceId);
  const current = chain.find((row) => row.workspace_id === input.workspaceId)?.version ?? null;
  if (input.baseVersion !== undefined && (input.baseVersion ?? 0) !== (current ?? 0)) {
    throw staleVersion('theme', current);
  }
  const ancestors = chain.filter((row) => row.workspace_id !== input.workspaceId);
  requireUnlocked(overlay, ancestors);
  const effective = resolveTheme([
    ...toThemeLayers(ancestors),
    { workspace_id: input.workspaceId, overlay },
  ]);
  const problems = contrastProblems(effective);
  if (problems.length > 0) throw contrastTooLow(sourced(problems, effective, chain, input));

  const previous = chain.find((row) => row.workspace_id === input.workspaceId)?.token_payload;
  const row = await insertVersion(tx, input, (current ?? 0) + 1, overlay, changeNote);
  const { actor } = input;
  await recordAudit(tx, actor, {
    workspaceId: input.workspaceId,
    action: input.rollbackOf === undefined ? 'theme.update' : 'theme.rollback',
    targetType: 'theme',
    targetId: input.workspaceId,
    metadata: {
      version: row.version,
      note: changeNote,
      ...(input.rollbackOf === undefined
        ? { changed_tokens: changedTokens(previous ?? {}, overlay) }
        : { rolled_back_to: input.rollbackOf }),
    },
    correlationId: input.correlationId,
  });
  return {
    theme_version: {
      workspace_id: input.workspaceId,
      version: row.version,
      change_note: changeNote,
      author: row.author,
      created_at: row.created_at,
    },
    theme_tokens: overlay,
  };
}

function parseOverlay(input: unknown): ThemeOverlay {
  const parsed = parseThemeOverlay(input);
  if (parsed.success) return parsed.overlay;
  throw invalidField(
    parsed.error.issues.map((issue) => ({
      path: ['body', 'theme_tokens', ...issue.path.map(String)].join('.'),
      message: issue.message,
    })),
    'theme tokens',
  );
}

function requireChangeNote(value: string): string {
  const note = value.trim();
  const problem = note.length > CHANGE_NOTE_MAX ? 'too_long' : textProblem(note);
  if (problem === null) return note;
  throw invalidField(
    [
      {
        path: 'body.change_note',
        message:
          problem === 'too_long'
            ? `Must be at most ${CHANGE_NOTE_MAX} characters`
            : 'Must be visible text without control characters',
      },
    ],
    'change note',
  );
}

/** Each failing pair with the workspaces that set its two colours. */
function sourced(
  problems: readonly ContrastProblem[],
  effective: ResolvedTheme,
  chain: readonly ThemeChainRow[],
  input: WriteThemeVersionInput,
): SourcedContrastProblem[] {
  const sourceOf = (id: string | null) => ({
    workspace_id: id,
    name: id === null ? null : (chain.find((row) => row.workspace_id === id)?.workspace_name ?? ''),
  });
  return problems.map((problem) => {
    const fg = effective[problem.mode][problem.foreground].source_workspace_id;
    const bg = effective[problem.mode][problem.background].source_workspace_id;
    return {
      ...problem,
      foreground_source: sourceOf(fg),
      background_source: sourceOf(bg),
      inherited: fg !== input.workspaceId && bg !== input.workspaceId,
    };
  });
}

/** `PERMISSION_DENIED` for the first value the overlay sets for a token an ancestor locks. */
function requireUnlocked(overlay: ThemeOverlay, ancestors: readonly ThemeChainRow[]): void {
  const locks = resolveTheme(toThemeLayers(ancestors));
  for (const [mode, tokens] of SECTIONS) {
    const values: Partial<Record<string, string>> = overlay[mode] ?? {};
    const resolved: Record<string, { locked_by?: string }> = locks[mode];
    for (const token of tokens) {
      const locker = resolved[token]?.locked_by;
      if (values[token] === undefined || locker === undefined) continue;
      const name = ancestors.find((row) => row.workspace_id === locker)?.workspace_name ?? '';
      throw tokenLocked(token, mode, { id: locker, name });
    }
  }
}

/** `mode.token` of every value that differs, and `locks.token` of every lock added or removed. */
function changedTokens(before: ThemeOverlay, after: ThemeOverlay): string[] {
  const changed: string[] = [];
  for (const [mode] of SECTIONS) {
    const a: Partial<Record<string, string>> = before[mode] ?? {};
    const b: Partial<Record<string, string>> = after[mode] ?? {};
    for (const token of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (a[token] !== b[token]) changed.push(`${mode}.${token}`);
    }
  }
  const locksBefore = new Set<string>(before.locks ?? []);
  const locksAfter = new Set<string>(after.locks ?? []);
  for (const token of new Set([...locksBefore, ...locksAfter])) {
    if (locksBefore.has(token) !== locksAfter.has(token)) changed.push(`locks.${token}`);
  }
  return changed.sort();
}

interface InsertedVersion {
  version: number;
  created_at: string;
  author: ThemeVersion['author'];
}

/**
 * The RLS-checked INSERT of `version`, the one after the latest this transaction read (a
 * policy refusal is `PERMISSION_DENIED`). Taking the number from that read, not from a
 * `max()` at insert time, is what makes a concurrent save a `CONFLICT`: under READ COMMITTED
 * a `max()` in the INSERT would see the other save's committed row and quietly go above it.
 */
async function insertVersion(
  tx: Tx,
  input: WriteThemeVersionInput,
  version: number,
  overlay: ThemeOverlay,
  changeNote: string,
): Promise<InsertedVersion> {
  try {
    const { rows } = await tx.query<InsertedVersion>(
      `with inserted as (
         insert into public.themes (workspace_id, token_payload, version, change_note, created_by_user_id)
         values ($1, $2::jsonb, $5, $3, $4)
         returning version, created_at, created_by_user_id)
       select i.version,
              to_char(i.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_at,
              (select jsonb_build_object('id', u.id, 'email', u.email, 'display_name', u.display_name)
                 from public.users u where u.id = i.created_by_user_id) as author
         from inserted i`,
      [input.workspaceId, JSON.stringify(overlay), changeNote, input.actor.user_id, version],
    );
    const row = rows[0];
    if (row === undefined) throw new Error('theme insert returned no row');
    return row;
  } catch (error) {
    translateWriteError(error, 'save theme version', THEME_WRITE_CONFLICTS);
  }
}

const THEME_WRITE_CONFLICTS = {
  themes_workspace_id_version_key: (what: string, cause: unknown) =>
    new ShellError('CONFLICT', `${what}: another save took the same version`, {
      userMessage: 'Someone saved this theme at the same moment. Reload it and save again.',
      cause,
    }),
};

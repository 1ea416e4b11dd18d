import type { Db } from '@aiconnected/db';
import { loadActorView, requireWorkspaceCapability } from '@aiconnected/access';
import {
  CHANGE_NOTE_MAX,
  ShellError,
  type ThemeSaveResult,
  type WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import { parseThemeOverlay } from '@aiconnected/theme';
import { writeThemeVersion } from './write-theme-version';

export interface RollbackThemeInput {
  actor: WorkspaceContext;
  workspaceId: string;
  /** The earlier version whose tokens become current again. */
  version: number;
  changeNote: string;
  correlationId: string;
}

/**
 * Rolls a workspace's theme back to `version` (`POST /themes/rollback`): a NEW version whose
 * tokens are that version's, noted "Rollback to vN: <note>", audited as `theme.rollback`.
 * Needs `branding.edit` there, as a save; the copied tokens pass the same checks against
 * today's locks and contrast. `NOT_FOUND` for a version the workspace does not have;
 * `VALIDATION_BLOCKING` at `body.version` for one holding a value today's checks refuse (saved
 * before they existed): the rollback would not be that version, so it is refused, not trimmed.
 */
export async function rollbackTheme(db: Db, input: RollbackThemeInput): Promise<ThemeSaveResult> {
  const { actor, workspaceId, version } = input;
  return db.withWorkspace(actor, async (tx) => {
    const view = await loadActorView(tx, actor);
    await requireWorkspaceCapability(view, workspaceId, 'branding.edit', 'rolling back the theme');
    const { rows } = await tx.query<{ token_payload: unknown }>(
      'select token_payload from public.themes where workspace_id = $1 and version = $2',
      [workspaceId, version],
    );
    const earlier = rows[0];
    if (earlier === undefined) {
      throw new ShellError('NOT_FOUND', `theme version ${version} of ${workspaceId} not found`, {
        userMessage: `This workspace has no theme version ${version}.`,
        details: { version },
      });
    }
    requireValidVersion(version, earlier.token_payload);
    const note = `Rollback to v${version}: ${input.changeNote.trim()}`.slice(0, CHANGE_NOTE_MAX);
    return writeThemeVersion(tx, {
      actor,
      workspaceId,
      themeTokens: earlier.token_payload,
      changeNote: note,
      correlationId: input.correlationId,
      rollbackOf: version,
    });
  });
}

/** The stored tokens of `version` as today's engine checks them, or why not, at `body.version`. */
function requireValidVersion(version: number, tokens: unknown): void {
  const parsed = parseThemeOverlay(tokens);
  if (parsed.success) return;
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.map(String).join('.')} (${issue.message})`,
  );
  throw new ShellError('VALIDATION_BLOCKING', `theme version ${version} holds invalid values`, {
    userMessage: `Version ${version} holds values that are no longer accepted: roll back to another version, or save the theme with corrected values.`,
    details: {
      issues: [
        {
          path: 'body.version',
          message: `Version ${version} stores values that are no longer valid: ${problems.join('; ')}`,
        },
      ],
    },
  });
}

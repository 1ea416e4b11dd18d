import { createRoute, z } from '@hono/zod-openapi';
import {
  exportThemeCss,
  getEffectiveTheme,
  listThemeVersions,
  rollbackTheme,
  saveTheme,
} from '@aiconnected/branding';
import {
  baseVersionSchema,
  CHANGE_NOTE_MAX,
  safeText,
  themeSaveResultSchema,
  themeStateSchema,
  themeVersionPageSchema,
} from '@aiconnected/sdk-contracts';
import { themeOverlaySchema } from '@aiconnected/theme';
import type { FeatureApp } from '../context';
import { declareAccess } from '../http/access';
import { correlationHeaders } from '../http/correlation-header';
import { createRouter } from '../http/create-router';
import { errorResponses, GUARD_ERRORS } from '../http/error-responses';
import { jsonBody, jsonResponse } from '../http/json-schemas';
import { pageQuery } from '../http/page-query';

const workspaceQuery = z.object({
  workspace_id: z.uuid().optional().meta({ description: 'Default: the active workspace' }),
});
const changeNote = safeText(CHANGE_NOTE_MAX).meta({
  description: 'Why the theme changed (version history)',
});
const READ_ERRORS = [...GUARD_ERRORS, 'WORKSPACE_FORBIDDEN', 'VALIDATION_BLOCKING'] as const;
const WRITE_ERRORS = [...READ_ERRORS, 'PERMISSION_DENIED', 'CONFLICT'] as const;
const EDIT_ACCESS = declareAccess({
  kind: 'capability',
  requires: [{ capabilities: ['branding.edit'], scope: 'target-workspace', checked_by: 'domain' }],
  note:
    'The target is `workspace_id` (default: the active workspace): super edits the baseline, ' +
    'an agency its own theme and its businesses’, a business its own within its agency’s locks.',
});

function currentRoute() {
  return createRoute({
    method: 'get',
    path: '/themes/current',
    operationId: 'getCurrentTheme',
    ...declareAccess({ kind: 'in-scope' }),
    tags: ['themes'],
    summary: 'A workspace’s theme',
    description:
      'The workspace’s own theme overlay and version, and its effective theme resolved super baseline -> ' +
      'agency -> business, each token with the workspace it comes from and the one that locks it. Any ' +
      'member of a workspace in the caller’s scope may read it; any other id is `WORKSPACE_FORBIDDEN`.',
    request: { query: workspaceQuery },
    responses: {
      200: jsonResponse(themeStateSchema, 'The theme'),
      ...errorResponses(READ_ERRORS),
    },
  });
}

function saveRoute() {
  return createRoute({
    method: 'put',
    path: '/themes/current',
    operationId: 'saveCurrentTheme',
    ...EDIT_ACCESS,
    tags: ['themes'],
    summary: 'Save a new theme version',
    description:
      'Replaces the workspace’s overlay with `theme_tokens` as a new version. Every value is validated and ' +
      'stored normalised (`VALIDATION_BLOCKING` with the field). A value for a token an ancestor locks is ' +
      '`PERMISSION_DENIED` naming the token and the locking workspace. When the workspace’s effective theme ' +
      'after the change has a text/background pair below WCAG AA (4.5:1), `VALIDATION_BLOCKING` lists the ' +
      'pairs in `details.contrast`, each naming the workspaces that set its two colours (`inherited`: both ' +
      'come from ancestors, whose change caused it). Two saves at once: one gets `CONFLICT`; so does a save whose ' +
      '`base_version` (the version the editor loaded) is no longer the latest (`details.current_version`). ' +
      'Audited as `theme.update`.',
    request: {
      body: jsonBody(
        z.object({
          workspace_id: z.uuid().optional().meta({ description: 'Default: the active workspace' }),
          theme_tokens: themeOverlaySchema,
          change_note: changeNote,
          base_version: baseVersionSchema.optional(),
        }),
      ),
    },
    responses: {
      200: jsonResponse(themeSaveResultSchema, 'The new version'),
      ...errorResponses(WRITE_ERRORS),
    },
  });
}

function versionsRoute() {
  return createRoute({
    method: 'get',
    path: '/themes/versions',
    operationId: 'listThemeVersions',
    ...declareAccess({ kind: 'in-scope' }),
    tags: ['themes'],
    summary: 'Theme versions',
    description:
      'The workspace’s saved theme versions, newest first (number, note, author, time); keyset-paginated ' +
      '(follow `next_cursor` until it is null). Readable as the theme itself.',
    request: { query: workspaceQuery.extend(pageQuery) },
    responses: {
      200: jsonResponse(themeVersionPageSchema, 'A page of versions'),
      ...errorResponses(READ_ERRORS),
    },
  });
}

function rollbackRoute() {
  return createRoute({
    method: 'post',
    path: '/themes/rollback',
    operationId: 'rollbackTheme',
    ...EDIT_ACCESS,
    tags: ['themes'],
    summary: 'Roll the theme back',
    description:
      'Saves a new version whose tokens are those of `version`, noted “Rollback to vN: <note>”, after the ' +
      'same checks as a save against today’s locks and contrast. A version the workspace does not have is ' +
      '`NOT_FOUND`; one holding a value today’s checks refuse (saved before they existed) is ' +
      '`VALIDATION_BLOCKING` at `body.version`, naming the values. Audited as `theme.rollback`.',
    request: {
      body: jsonBody(
        z.object({
          workspace_id: z.uuid(),
          version: z.int().min(1).max(2_147_483_647),
          change_note: changeNote,
        }),
      ),
    },
    responses: {
      200: jsonResponse(themeSaveResultSchema, 'The new version'),
      ...errorResponses([...WRITE_ERRORS, 'NOT_FOUND']),
    },
  });
}

function cssRoute() {
  return createRoute({
    method: 'get',
    path: '/themes/current/css',
    operationId: 'exportThemeCss',
    ...declareAccess({ kind: 'in-scope' }),
    tags: ['themes'],
    summary: 'The effective theme as TweakCN CSS',
    description:
      'The workspace’s effective theme in the form of TweakCN’s “Tailwind v3” export (`:root` and `.dark` ' +
      'blocks of HSL channels), to paste into TweakCN or a Tailwind project. Readable as the theme itself.',
    request: { query: workspaceQuery },
    responses: {
      200: {
        description: 'The CSS',
        headers: correlationHeaders,
        content: { 'text/css': { schema: z.string() } },
      },
      ...errorResponses(READ_ERRORS),
    },
  });
}

/** The theme of a workspace: read, save, versions, rollback and export (PRD §15, §20.3). */
export function themeRoutes(): FeatureApp {
  const app = createRouter();

  app.openapi(currentRoute(), async (c) => {
    const { workspace_id: workspaceId } = c.req.valid('query');
    const theme = await getEffectiveTheme(c.var.deps.db, { actor: c.var.context, workspaceId });
    return c.json(theme, 200);
  });

  app.openapi(saveRoute(), async (c) => {
    const body = c.req.valid('json');
    const saved = await saveTheme(c.var.deps.db, {
      actor: c.var.context,
      workspaceId: body.workspace_id,
      themeTokens: body.theme_tokens,
      changeNote: body.change_note,
      correlationId: c.var.correlationId,
      baseVersion: body.base_version,
    });
    return c.json(saved, 200);
  });

  app.openapi(versionsRoute(), async (c) => {
    const query = c.req.valid('query');
    const page = await listThemeVersions(c.var.deps.db, {
      actor: c.var.context,
      workspaceId: query.workspace_id,
      cursor: query.cursor,
      limit: query.limit,
    });
    return c.json(page, 200);
  });

  app.openapi(rollbackRoute(), async (c) => {
    const body = c.req.valid('json');
    const saved = await rollbackTheme(c.var.deps.db, {
      actor: c.var.context,
      workspaceId: body.workspace_id,
      version: body.version,
      changeNote: body.change_note,
      correlationId: c.var.correlationId,
    });
    return c.json(saved, 200);
  });

  app.openapi(cssRoute(), async (c) => {
    const { workspace_id: workspaceId } = c.req.valid('query');
    const css = await exportThemeCss(c.var.deps.db, { actor: c.var.context, workspaceId });
    return c.body(css, 200, { 'content-type': 'text/css; charset=utf-8' });
  });

  return app;
}

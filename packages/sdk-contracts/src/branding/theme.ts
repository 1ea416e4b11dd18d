import { z } from 'zod';
import { WORKSPACE_TYPES } from '../workspaces/workspace-type';
import { pageSchema } from '../common/page';

// The token names and value rules are the theme engine's (@aiconnected/theme validates what a
// client sends, `themeOverlaySchema`); these schemas describe what the API answers.

const tokenValues = z
  .record(z.string(), z.string())
  .meta({ description: 'Token name (without `--`) -> value in normal form' });

/** A workspace's own overlay as stored (normal form), `{}` when it never saved a theme. */
export const storedThemeTokensSchema = z
  .object({
    light: tokenValues.optional(),
    dark: tokenValues.optional(),
    shared: tokenValues.optional(),
    locks: z
      .array(z.string())
      .optional()
      .meta({ description: 'Tokens this workspace locks for its descendants' }),
  })
  .meta({
    id: 'StoredThemeTokens',
    description: 'The tokens a workspace sets, and those it locks',
  });
export type StoredThemeTokens = z.infer<typeof storedThemeTokensSchema>;

/** One token of the effective theme and where it came from. */
export const resolvedThemeTokenSchema = z
  .object({
    value: z.string(),
    source_workspace_id: z.uuid().nullable().meta({
      description: 'The workspace whose theme set the value; null for the built-in default',
    }),
    locked_by: z.uuid().optional().meta({
      description: 'The nearest workspace (an ancestor, or this one) that locks the token',
    }),
  })
  .meta({ id: 'ResolvedThemeToken' });
export type ResolvedThemeToken = z.infer<typeof resolvedThemeTokenSchema>;

const resolvedSection = z.record(z.string(), resolvedThemeTokenSchema);

/** Every token of a workspace's effective theme, per mode (colours) and shared. */
export const effectiveThemeSchema = z
  .object({ light: resolvedSection, dark: resolvedSection, shared: resolvedSection })
  .meta({ id: 'EffectiveTheme' });
export type EffectiveTheme = z.infer<typeof effectiveThemeSchema>;

/** A level of the inheritance chain (super baseline -> agency -> business). */
export const themeChainLevelSchema = z
  .object({
    workspace_id: z.uuid(),
    name: z.string(),
    type: z.enum(WORKSPACE_TYPES),
    version: z.int().nullable().meta({ description: 'Its latest theme version; null if none' }),
  })
  .meta({ id: 'ThemeChainLevel' });

/** `GET /themes/current`: a workspace's own overlay and its effective theme (PRD §20.3). */
export const themeStateSchema = z
  .object({
    workspace_id: z.uuid(),
    theme_tokens: storedThemeTokensSchema,
    version: z
      .int()
      .nullable()
      .meta({ description: "The workspace's latest version; null if none" }),
    source_workspace_id: z.uuid().nullable().meta({
      description:
        'The nearest workspace of the chain (this one first) with a saved theme; null: the built-in default',
    }),
    effective: effectiveThemeSchema,
    inherited: effectiveThemeSchema.meta({
      description:
        'The theme the workspace inherits (its chain without itself): what an editor previews a draft on',
    }),
    chain: z
      .array(themeChainLevelSchema)
      .meta({ description: 'The workspaces the theme is resolved through, root first' }),
    can_edit: z.boolean().meta({ description: 'Whether the caller holds branding.edit there' }),
  })
  .meta({ id: 'ThemeState' });
export type ThemeState = z.infer<typeof themeStateSchema>;

/**
 * Who saved a theme version: named, not addressed. The e-mail is answered only to a super
 * operator and to the author; any other member of the workspace sees the display name.
 */
export const themeAuthorSchema = z
  .object({
    id: z.uuid(),
    display_name: z.string().nullable(),
    email: z.string().optional().meta({ description: 'Only to a super operator or the author' }),
  })
  .meta({ id: 'ThemeAuthor' });

/** One saved version of a workspace's theme (every save and rollback is one). */
export const themeVersionSchema = z
  .object({
    workspace_id: z.uuid(),
    version: z.int().min(1),
    change_note: z.string().nullable(),
    author: themeAuthorSchema.nullable().meta({ description: 'Who saved it' }),
    created_at: z.string().meta({ description: 'RFC 3339, microseconds' }),
  })
  .meta({ id: 'ThemeVersion' });
export type ThemeVersion = z.infer<typeof themeVersionSchema>;

export const themeVersionPageSchema = pageSchema(themeVersionSchema).meta({
  id: 'ThemeVersionPage',
});
export type ThemeVersionPage = z.infer<typeof themeVersionPageSchema>;

/** `PUT /themes/current` and `POST /themes/rollback`: the new version and its tokens. */
export const themeSaveResultSchema = z
  .object({ theme_version: themeVersionSchema, theme_tokens: storedThemeTokensSchema })
  .meta({ id: 'ThemeSaveResult' });
export type ThemeSaveResult = z.infer<typeof themeSaveResultSchema>;

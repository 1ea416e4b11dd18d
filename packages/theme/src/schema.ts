import { z } from 'zod';
import { normalizeTokenValue } from './values';
import {
  MODE_TOKENS,
  SHARED_TOKENS,
  THEME_TOKENS,
  type ModeToken,
  type SharedToken,
  type ThemeToken,
} from './tokens';

/**
 * A workspace's stored theme: only the tokens it sets (everything else is inherited), per mode
 * for colours, shared for the rest, and the tokens it locks for its descendants.
 */
export interface ThemeOverlay {
  light?: Partial<Record<ModeToken, string>>;
  dark?: Partial<Record<ModeToken, string>>;
  shared?: Partial<Record<SharedToken, string>>;
  locks?: ThemeToken[];
}

const tokenValue = (token: ThemeToken) =>
  z
    .string()
    .max(200)
    .superRefine((value, ctx) => {
      const result = normalizeTokenValue(token, value);
      if (!result.ok) ctx.addIssue({ code: 'custom', message: result.message });
    });

const tokenObject = (tokens: readonly ThemeToken[], description: string) =>
  z
    .strictObject(Object.fromEntries(tokens.map((token) => [token, tokenValue(token).optional()])))
    .meta({ description });

/**
 * The `theme_tokens` of PUT /themes/current. Strict: an unknown token is an error naming it.
 * Values are checked here and stored in normal form by `normalizeThemeOverlay`.
 */
export const themeOverlaySchema = z
  .strictObject({
    light: tokenObject(MODE_TOKENS, 'Light-mode colours by token name (any CSS colour)').optional(),
    dark: tokenObject(MODE_TOKENS, 'Dark-mode colours by token name (any CSS colour)').optional(),
    shared: tokenObject(
      SHARED_TOKENS,
      'Radius, fonts (catalogue labels), shadow inputs, letter-spacing and spacing',
    ).optional(),
    locks: z
      .array(z.enum(THEME_TOKENS as [ThemeToken, ...ThemeToken[]]))
      .max(THEME_TOKENS.length)
      .refine((locks) => new Set(locks).size === locks.length, 'Must not name a token twice')
      .optional()
      .meta({ description: 'Tokens this workspace locks: descendants cannot change them' }),
  })
  .meta({
    id: 'ThemeTokens',
    description: 'A workspace theme overlay: the tokens it sets and the tokens it locks (PRD §15)',
  }) as unknown as z.ZodType<ThemeOverlay>;

function normalizeSection<T extends ThemeToken>(
  section: Partial<Record<T, string>> | undefined,
): Partial<Record<T, string>> | undefined {
  if (!section) return undefined;
  const out: Partial<Record<T, string>> = {};
  for (const [token, value] of Object.entries(section) as [T, string | undefined][]) {
    if (value === undefined) continue;
    const result = normalizeTokenValue(token, value);
    if (!result.ok) throw new Error(`Invalid theme value for ${token}: ${result.message}`);
    out[token] = result.value;
  }
  return out;
}

/** The normal form of a valid overlay (throws on an invalid value: validate first). */
export function normalizeThemeOverlay(overlay: ThemeOverlay): ThemeOverlay {
  const out: ThemeOverlay = {};
  const light = normalizeSection(overlay.light);
  const dark = normalizeSection(overlay.dark);
  const shared = normalizeSection(overlay.shared);
  if (light) out.light = light;
  if (dark) out.dark = dark;
  if (shared) out.shared = shared;
  if (overlay.locks) out.locks = [...overlay.locks];
  return out;
}

/** Validates untrusted input and returns the overlay in normal form, or the zod issues. */
export function parseThemeOverlay(
  input: unknown,
): { success: true; overlay: ThemeOverlay } | { success: false; error: z.ZodError } {
  const parsed = themeOverlaySchema.safeParse(input);
  if (!parsed.success) return { success: false, error: parsed.error };
  return { success: true, overlay: normalizeThemeOverlay(parsed.data) };
}

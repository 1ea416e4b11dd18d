import { DEFAULT_THEME, type ThemeValues } from './defaults';
import type { ThemeOverlay } from './schema';
import { normalizeTokenValue } from './values';
import {
  MODE_TOKENS,
  SHARED_TOKENS,
  THEME_MODES,
  type ModeToken,
  type SharedToken,
  type ThemeToken,
} from './tokens';

/** One token of a resolved theme and where it came from. */
export interface ResolvedToken {
  value: string;
  /** The workspace whose overlay set the value; null for the built-in default. */
  source_workspace_id: string | null;
  /** The nearest ancestor (or self) that locked the token; absent when unlocked. */
  locked_by?: string;
}

export interface ResolvedTheme {
  light: Record<ModeToken, ResolvedToken>;
  dark: Record<ModeToken, ResolvedToken>;
  shared: Record<SharedToken, ResolvedToken>;
}

/** One overlay of the inheritance chain, top (super baseline) first. */
export interface ThemeLayer {
  workspace_id: string;
  overlay: ThemeOverlay;
}

function fromDefaults<T extends ThemeToken>(values: Record<T, string>): Record<T, ResolvedToken> {
  const out = {} as Record<T, ResolvedToken>;
  for (const token of Object.keys(values) as T[]) {
    out[token] = { value: values[token], source_workspace_id: null };
  }
  return out;
}

/**
 * The effective theme of the last workspace in `chain` (super -> agency -> business): the
 * built-in default, then each overlay in order. A token locked by a workspace keeps the value
 * it had there and ignores every later (descendant) overlay; a lock on a colour token locks both
 * modes. Stored values are normalised again here, and one that no longer validates is skipped,
 * so the result only ever holds normal-form values.
 */
export function resolveTheme(
  chain: readonly ThemeLayer[],
  base: ThemeValues = DEFAULT_THEME,
): ResolvedTheme {
  const resolved: ResolvedTheme = {
    light: fromDefaults(base.light),
    dark: fromDefaults(base.dark),
    shared: fromDefaults(base.shared),
  };
  const lockedBy = new Map<ThemeToken, string>();

  const apply = <T extends ThemeToken>(
    target: Record<T, ResolvedToken>,
    tokens: readonly T[],
    values: Partial<Record<T, string>> | undefined,
    workspaceId: string,
  ) => {
    if (!values) return;
    for (const token of tokens) {
      const raw = values[token];
      if (raw === undefined || lockedBy.has(token)) continue;
      const normal = normalizeTokenValue(token, raw);
      if (normal.ok) target[token] = { value: normal.value, source_workspace_id: workspaceId };
    }
  };

  for (const { workspace_id, overlay } of chain) {
    for (const mode of THEME_MODES) apply(resolved[mode], MODE_TOKENS, overlay[mode], workspace_id);
    apply(resolved.shared, SHARED_TOKENS, overlay.shared, workspace_id);
    for (const token of overlay.locks ?? []) {
      if (!lockedBy.has(token)) lockedBy.set(token, workspace_id);
    }
  }

  for (const [token, workspaceId] of lockedBy) {
    const entries = (SHARED_TOKENS as readonly string[]).includes(token)
      ? [resolved.shared[token as SharedToken]]
      : [resolved.light[token as ModeToken], resolved.dark[token as ModeToken]];
    for (const entry of entries) if (entry) entry.locked_by = workspaceId;
  }
  return resolved;
}

/** The plain values of a resolved theme. */
export function themeValues(resolved: ResolvedTheme): ThemeValues {
  const pick = <T extends ThemeToken>(section: Record<T, ResolvedToken>) => {
    const out = {} as Record<T, string>;
    for (const token of Object.keys(section) as T[]) out[token] = section[token].value;
    return out;
  };
  return { light: pick(resolved.light), dark: pick(resolved.dark), shared: pick(resolved.shared) };
}

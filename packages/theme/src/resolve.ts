import { DEFAULT_THEME, type ThemeValues } from './defaults';
import type { ThemeOverlay } from './schema';
import { normalizeTokenValue } from './values';
import {
  MODE_TOKENS,
  SHARED_TOKENS,
  THEME_MODES,
  isModeToken,
  isSharedToken,
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
 * `inherited` with one more workspace's overlay on top: its values replace every token no
 * ancestor locked (a lock on a colour token covers both modes), and its locks apply to tokens
 * not already locked. Stored values are normalised again here, and one that no longer validates
 * is skipped, so the result only ever holds normal-form values. `inherited` is not changed.
 * The editor uses it to preview a draft on top of the parent's effective theme.
 */
export function applyThemeLayer(inherited: ResolvedTheme, layer: ThemeLayer): ResolvedTheme {
  const { workspace_id, overlay } = layer;
  const next: ResolvedTheme = {
    light: { ...inherited.light },
    dark: { ...inherited.dark },
    shared: { ...inherited.shared },
  };
  const apply = <T extends ThemeToken>(
    target: Record<T, ResolvedToken>,
    tokens: readonly T[],
    values: Partial<Record<T, string>> | undefined,
  ) => {
    for (const token of tokens) {
      const raw = values?.[token];
      if (raw === undefined || target[token].locked_by !== undefined) continue;
      const normal = normalizeTokenValue(token, raw);
      if (normal.ok) target[token] = { value: normal.value, source_workspace_id: workspace_id };
    }
  };
  for (const mode of THEME_MODES) apply(next[mode], MODE_TOKENS, overlay[mode]);
  apply(next.shared, SHARED_TOKENS, overlay.shared);

  const lock = <T extends ThemeToken>(target: Record<T, ResolvedToken>, token: T) => {
    if (target[token].locked_by === undefined) {
      target[token] = { ...target[token], locked_by: workspace_id };
    }
  };
  for (const token of overlay.locks ?? []) {
    if (isSharedToken(token)) lock(next.shared, token);
    else if (isModeToken(token)) for (const mode of THEME_MODES) lock(next[mode], token);
  }
  return next;
}

/**
 * The effective theme of the last workspace in `chain` (super -> agency -> business): the
 * built-in default, then each overlay in order (see `applyThemeLayer`). A token locked by a
 * workspace keeps the value it had there and ignores every later (descendant) overlay.
 */
export function resolveTheme(
  chain: readonly ThemeLayer[],
  base: ThemeValues = DEFAULT_THEME,
): ResolvedTheme {
  const start: ResolvedTheme = {
    light: fromDefaults(base.light),
    dark: fromDefaults(base.dark),
    shared: fromDefaults(base.shared),
  };
  return chain.reduce(applyThemeLayer, start);
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

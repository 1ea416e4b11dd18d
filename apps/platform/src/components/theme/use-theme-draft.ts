'use client';

import { useMemo, useState } from 'react';
import {
  applyThemeLayer,
  contrastProblems,
  normalizeTokenValue,
  type ModeToken,
  type ResolvedTheme,
  type SharedToken,
  type ThemeMode,
  type ThemeOverlay,
  type ThemeToken,
} from '@aiconnected/theme';

export type Section = ThemeMode | 'shared';

/** Key of one edited value in the error map. */
export const fieldKey = (section: Section, token: ThemeToken) => `${section}.${token}`;

function withoutEmpty(overlay: ThemeOverlay): ThemeOverlay {
  const out: ThemeOverlay = {};
  for (const section of ['light', 'dark', 'shared'] as const) {
    const values = overlay[section];
    if (values && Object.keys(values).length > 0) Object.assign(out, { [section]: values });
  }
  if (overlay.locks && overlay.locks.length > 0) out.locks = overlay.locks;
  return out;
}

/**
 * The editor's draft of a workspace's own overlay, previewed on the theme it inherits: every
 * value typed is checked with the engine's rules (the API applies the same ones), and the
 * preview, contrast check and export always show what saving would store.
 */
export function useThemeDraft(saved: ThemeOverlay, inherited: ResolvedTheme, workspaceId: string) {
  const [draft, setDraft] = useState<ThemeOverlay>(() => withoutEmpty(saved));

  const errors = useMemo(() => {
    const found = new Map<string, string>();
    for (const section of ['light', 'dark', 'shared'] as const) {
      for (const [token, value] of Object.entries(draft[section] ?? {})) {
        const result = normalizeTokenValue(token as ThemeToken, value);
        if (!result.ok) found.set(fieldKey(section, token as ThemeToken), result.message);
      }
    }
    return found;
  }, [draft]);

  const preview = useMemo(
    () => applyThemeLayer(inherited, { workspace_id: workspaceId, overlay: draft }),
    [inherited, workspaceId, draft],
  );
  const contrast = useMemo(() => contrastProblems(preview), [preview]);
  const dirty = JSON.stringify(draft) !== JSON.stringify(withoutEmpty(saved));

  function setValue(section: Section, token: ThemeToken, value: string | undefined) {
    setDraft((current) => {
      const values: Record<string, string> = { ...(current[section] ?? {}) };
      if (value === undefined) delete values[token];
      else values[token] = value;
      return withoutEmpty({ ...current, [section]: values });
    });
  }

  function setLocked(token: ThemeToken, locked: boolean) {
    setDraft((current) => {
      const locks = (current.locks ?? []).filter((name) => name !== token);
      return withoutEmpty({ ...current, locks: locked ? [...locks, token] : locks });
    });
  }

  /** Merges imported values into the draft (tokens locked upstream are skipped by the caller). */
  function merge(overlay: ThemeOverlay) {
    setDraft((current) =>
      withoutEmpty({
        ...current,
        light: { ...current.light, ...overlay.light },
        dark: { ...current.dark, ...overlay.dark },
        shared: { ...current.shared, ...overlay.shared },
      }),
    );
  }

  return {
    draft,
    preview,
    errors,
    contrast,
    dirty,
    setValue,
    setLocked,
    merge,
    reset: () => setDraft(withoutEmpty(saved)),
    isSet: (section: Section, token: ModeToken | SharedToken) =>
      (draft[section] as Record<string, string> | undefined)?.[token] !== undefined,
    isLocked: (token: ThemeToken) => draft.locks?.includes(token) ?? false,
  };
}

export type ThemeDraft = ReturnType<typeof useThemeDraft>;

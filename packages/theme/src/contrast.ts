import { wcagContrast } from 'culori';
import type { ResolvedTheme } from './resolve';
import {
  CONTRAST_PAIRS,
  CONTRAST_REQUIRED,
  THEME_MODES,
  type ModeToken,
  type ThemeMode,
} from './tokens';
import { parseColor } from './values';

/** A text/background pair that falls below WCAG AA. */
export interface ContrastProblem {
  mode: ThemeMode;
  background: ModeToken;
  foreground: ModeToken;
  /** The measured ratio, rounded down to two decimals (so 4.499 shows as 4.49, not 4.5). */
  ratio: number;
  required: number;
}

/** Every `x` / `x-foreground` pair of both modes whose contrast is below 4.5:1. */
export function contrastProblems(resolved: ResolvedTheme): ContrastProblem[] {
  const problems: ContrastProblem[] = [];
  for (const mode of THEME_MODES) {
    for (const [background, foreground] of CONTRAST_PAIRS) {
      const bg = parseColor(resolved[mode][background].value);
      const fg = parseColor(resolved[mode][foreground].value);
      if (!bg || !fg) continue; // resolved values are always colours; nothing to measure otherwise
      const ratio = wcagContrast(bg, fg);
      if (ratio < CONTRAST_REQUIRED) {
        problems.push({
          mode,
          background,
          foreground,
          ratio: Math.floor(ratio * 100) / 100,
          required: CONTRAST_REQUIRED,
        });
      }
    }
  }
  return problems;
}

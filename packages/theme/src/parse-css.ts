// The CommonJS parser alone: Next's server bundle loads the `postcss` entry as an ESM
// external (`import()`), which turns every client component importing this package into an
// async module that the server renders as `undefined` (React error 419).
import parse from 'postcss/lib/parse';
import type { Document, Root } from 'postcss';
import type { ThemeOverlay } from './schema';
import { isModeToken, isSharedToken, type SharedToken, type ThemeMode } from './tokens';
import { normalizeTokenValue } from './values';

/** Something in pasted CSS that was not imported; none of these stop the rest. */
export interface CssImportProblem {
  variable: string | null;
  mode: ThemeMode | null;
  message: string;
  line?: number;
}

const MAX_CSS = 200_000;

/** TweakCN / shadcn names that mean one of our tokens. */
const ALIASES: Record<string, string> = {
  'sidebar-background': 'sidebar',
  'shadow-x': 'shadow-offset-x',
  'shadow-y': 'shadow-offset-y',
  'tracking-normal': 'letter-spacing',
};

/** Variables computed from the inputs on export: accepted and ignored on import. */
const DERIVED = new Set([
  'shadow-2xs',
  'shadow-xs',
  'shadow-sm',
  'shadow',
  'shadow-md',
  'shadow-lg',
  'shadow-xl',
  'shadow-2xl',
  'tracking-tighter',
  'tracking-tight',
  'tracking-wide',
  'tracking-wider',
  'tracking-widest',
]);

/**
 * Reads TweakCN's exported CSS (Tailwind v3 HSL channels or v4 oklch): the custom properties of
 * the `:root` (light) and `.dark` blocks, wherever they are nested. Shared tokens come from
 * `:root` (or `.dark` when `:root` lacks them). Unknown variables and invalid values are
 * reported and skipped.
 */
export function parseTweakcnCss(text: string): {
  overlay: ThemeOverlay;
  problems: CssImportProblem[];
} {
  const problems: CssImportProblem[] = [];
  const overlay: ThemeOverlay = {};
  if (typeof text !== 'string' || text.length > MAX_CSS) {
    problems.push({
      variable: null,
      mode: null,
      message: `The CSS must be at most ${MAX_CSS} characters`,
    });
    return { overlay, problems };
  }
  let root: Root | Document;
  try {
    root = parse(text);
  } catch (error) {
    const e = error as { reason?: string; line?: number };
    problems.push({
      variable: null,
      mode: null,
      message: `The CSS could not be read: ${e.reason ?? 'syntax error'}`,
      ...(e.line ? { line: e.line } : {}),
    });
    return { overlay, problems };
  }

  const shared: Partial<Record<SharedToken, string>> = {};
  const sharedFrom: Partial<Record<SharedToken, ThemeMode>> = {};
  let blocks = 0;
  root.walkRules((rule) => {
    const selector = rule.selector.trim();
    const mode: ThemeMode | null =
      selector === ':root' ? 'light' : selector === '.dark' ? 'dark' : null;
    if (!mode) return;
    blocks += 1;
    rule.walkDecls(/^--/, (decl) => {
      const name = decl.prop.slice(2);
      const token = ALIASES[name] ?? name;
      const line = decl.source?.start?.line;
      const at = { variable: `--${name}`, mode, ...(line ? { line } : {}) };
      if (DERIVED.has(name)) return;
      if (!isModeToken(token) && !isSharedToken(token)) {
        problems.push({ ...at, message: 'Not a theme token: ignored' });
        return;
      }
      const normal = normalizeTokenValue(token, decl.value);
      if (!normal.ok) {
        problems.push({ ...at, message: normal.message });
        return;
      }
      if (isModeToken(token)) {
        (overlay[mode] ??= {})[token] = normal.value;
        return;
      }
      const previous = shared[token];
      if (previous === undefined || (sharedFrom[token] === 'dark' && mode === 'light')) {
        shared[token] = normal.value;
        sharedFrom[token] = mode;
      } else if (previous !== normal.value) {
        problems.push({
          ...at,
          message: 'Differs between light and dark; the light value is used',
        });
      }
    });
  });
  if (blocks === 0) {
    problems.push({ variable: null, mode: null, message: 'No :root or .dark block found' });
  }
  if (Object.keys(shared).length > 0) overlay.shared = shared;
  return { overlay, problems };
}

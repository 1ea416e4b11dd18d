import { THEME_TOKENS } from '@aiconnected/theme';
import type { HostContextMessage } from '@aiconnected/sdk-contracts';

/** Longest token value passed on (the bridge contract's bound); longer ones are left out. */
const MAX_VALUE_LENGTH = 512;

/**
 * The theme the page shows, for `host:context`: its mode (next-themes' `dark` class on
 * <html>) and the effective value of every theme token for that mode, read from the page's
 * CSS variables, so a module UI can match the branding.
 */
export function readTheme(root: HTMLElement): HostContextMessage['theme'] {
  const style = getComputedStyle(root);
  const tokens: Record<string, string> = {};
  for (const name of THEME_TOKENS) {
    const value = style.getPropertyValue(`--${name}`).trim();
    if (value !== '' && value.length <= MAX_VALUE_LENGTH) tokens[name] = value;
  }
  return { mode: root.classList.contains('dark') ? 'dark' : 'light', tokens };
}

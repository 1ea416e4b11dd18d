/** Where a module UI may be loaded from on this deployment. */
export interface ModuleEntryRules {
  /** Local mode: a loopback http entry URL (which the manifest allows) may be framed. */
  isLocal: boolean;
  /** The shell's own origins (its public base URL and allowed origins): never a module's. */
  shellOrigins: readonly string[];
}

/** Why this deployment may not frame an entry URL. */
export type EntryUrlRefusal = 'entry_url_insecure' | 'entry_url_same_origin';

/**
 * Why a module UI at `entryUrl` (absolute: the manifest checked it) may not be framed here, or
 * null when it may: plain http outside local mode (`entry_url_insecure`), or one of the shell's
 * own origins (`entry_url_same_origin`: the frame would be the shell itself). The one rule for
 * the runtime config (`resolveModuleRuntime`) and the page lookup's `entry_origin` (the page's
 * `frame-src`).
 */
export function entryUrlRefusal(entryUrl: string, rules: ModuleEntryRules): EntryUrlRefusal | null {
  const entry = new URL(entryUrl);
  if (entry.protocol !== 'https:' && !rules.isLocal) return 'entry_url_insecure';
  if (rules.shellOrigins.includes(entry.origin)) return 'entry_url_same_origin';
  return null;
}

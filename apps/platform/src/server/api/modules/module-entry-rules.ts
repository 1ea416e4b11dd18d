import type { ModuleEntryRules } from '@aiconnected/modules';
import type { ApiConfig } from '../guard/config';

/** The shell's own origins (its public URL and every allowed origin): never a module UI's. */
export function shellOrigins(config: ApiConfig): string[] {
  return [...new Set([new URL(config.baseUrl).origin, ...config.allowedOrigins])];
}

/**
 * Where this deployment may frame a module UI from (`entryUrlRefusal`): http only in local
 * mode, never one of the shell's own origins. The runtime config and the page lookup's
 * `entry_origin` (the page's `frame-src`) both take these.
 */
export function moduleEntryRules(config: ApiConfig): ModuleEntryRules {
  return { isLocal: config.isLocal, shellOrigins: shellOrigins(config) };
}

import type { ManifestFinding } from '@aiconnected/sdk-contracts';
import { createFinding } from './create-finding';
import { readString } from './read-string';
import type { RegistryView } from './registry-view';

/** `FRONTEND_ON_SHELL_ORIGIN` when the iframe UI would share an origin with the shell. */
export function checkFrontendOrigin(manifest: unknown, registry: RegistryView): ManifestFinding[] {
  const entryUrl = readString(manifest, ['frontend', 'entryUrl']);
  const origin = entryUrl === undefined ? undefined : originOf(entryUrl);
  if (origin === undefined) return [];
  const shellOrigins = new Set((registry.shellOrigins ?? []).map(originOf));
  if (!shellOrigins.has(origin)) return [];
  return [
    createFinding(
      'FRONTEND_ON_SHELL_ORIGIN',
      ['frontend', 'entryUrl'],
      `${origin} is the shell's own origin; a module UI there would run with the shell's cookies and storage`,
    ),
  ];
}

function originOf(url: string): string | undefined {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

import { ShellBridgeError } from './shell-bridge-error';

/** Whether `value` is exactly an http(s) origin: scheme, host and port, nothing else. */
function isHttpOrigin(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
}

/**
 * Refuses shell origins a module page must not trust (`BRIDGE_INVALID_OPTIONS`): none at all,
 * `'*'` (penpal would talk to any window that frames the page), `''`, or anything that is not
 * an http(s) origin written as one (`https://app.example.com`, no path or trailing slash) or a
 * RegExp.
 */
export function checkShellOrigins(origins: readonly (string | RegExp)[]): void {
  if (origins.length === 0) {
    throw new ShellBridgeError('BRIDGE_INVALID_OPTIONS', 'shellOrigins: give at least one origin');
  }
  for (const origin of origins) {
    if (origin instanceof RegExp || (typeof origin === 'string' && isHttpOrigin(origin))) continue;
    throw new ShellBridgeError(
      'BRIDGE_INVALID_OPTIONS',
      `shellOrigins: ${JSON.stringify(String(origin))} is not an http(s) origin such as https://app.example.com`,
    );
  }
}

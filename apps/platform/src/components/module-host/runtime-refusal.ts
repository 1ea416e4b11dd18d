import type { ErrorEnvelope } from '@aiconnected/sdk-contracts';

/** What a refused runtime config (or a frame the shell will not show) says, with its code. */
export interface RuntimeRefusal {
  code: string;
  title: string;
  message: string;
}

/**
 * The words for a refused `GET /api/modules/{key}/runtime`: the module-specific reasons of
 * `details.reason` get their own sentence; anything else shows the API's (safe) message.
 */
export function runtimeRefusalOf(
  error: ErrorEnvelope['error'],
  moduleName: string,
): RuntimeRefusal {
  const reason = (error.details as { reason?: unknown } | undefined)?.reason;
  switch (reason) {
    case 'no_frontend':
      return {
        code: error.code,
        title: `${moduleName} has no interface of its own`,
        message: 'Its manifest declares no frontend entry URL, so there is nothing to show here.',
      };
    case 'entry_url_insecure':
      return {
        code: error.code,
        title: `${moduleName}’s interface is not shown`,
        message: 'Its entry URL is not https. Only local development may use http on loopback.',
      };
    case 'entry_url_same_origin':
      return sameOriginRefusal(moduleName, error.code);
    default:
      return { code: error.code, title: `${moduleName} cannot be opened`, message: error.message };
  }
}

/** A module UI on the shell's own origin would run with the shell's rights: never framed. */
export function sameOriginRefusal(moduleName: string, code = 'MANIFEST_INVALID'): RuntimeRefusal {
  return {
    code,
    title: `${moduleName}’s interface is not shown`,
    message:
      'Its entry URL is on this platform’s own origin; a module interface must be served from an origin of its own.',
  };
}

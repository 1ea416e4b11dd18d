/**
 * Why a bridge call failed: a stable shell error code from a `host:refusal` (e.g.
 * `PERMISSION_DENIED` for a token the installation did not grant), or one of the bridge's own:
 * `BRIDGE_TIMEOUT` (no shell answered in time), `BRIDGE_INVALID_MESSAGE` (a request or an answer
 * that is not a valid bridge message), `BRIDGE_PROTOCOL_MISMATCH` (the shell speaks another
 * major protocol version), `BRIDGE_CLOSED` (after `destroy()`), `BRIDGE_INVALID_OPTIONS`
 * (`connectToShell` options it must not use, e.g. a `'*'` shell origin).
 */
export class ShellBridgeError extends Error {
  override readonly name = 'ShellBridgeError';

  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Why a shell-signed token was refused (stable: a module may branch on it). */
export type ShellTokenErrorCode =
  'TOKEN_MISSING' | 'TOKEN_INVALID' | 'TOKEN_EXPIRED' | 'TOKEN_AUDIENCE' | 'TOKEN_BINDING';

/**
 * A refused shell token: `TOKEN_MISSING` (no `x-shell-claims` header / no token),
 * `TOKEN_INVALID` (signature, algorithm, key, issuer, shape or `use`), `TOKEN_EXPIRED`,
 * `TOKEN_AUDIENCE` (signed for another module), `TOKEN_BINDING` (gateway claims of another
 * method or path). A module answers 401 on any of them.
 */
export class ShellTokenError extends Error {
  override readonly name = 'ShellTokenError';
  readonly code: ShellTokenErrorCode;

  constructor(code: ShellTokenErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

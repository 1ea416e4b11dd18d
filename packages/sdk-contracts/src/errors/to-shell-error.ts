import { isShellError, ShellError } from './shell-error';

/**
 * Any thrown value as a ShellError: a ShellError passes through unchanged; anything else
 * becomes `INTERNAL_ERROR` with the default user message and no details. The original is
 * kept only as `cause`, for server-side logs, so its message and stack never reach a client.
 */
export function toShellError(error: unknown): ShellError {
  if (isShellError(error)) return error;
  return new ShellError('INTERNAL_ERROR', 'Unexpected error', { cause: error });
}

import { ShellError } from '@aiconnected/sdk-contracts';

/** Password policy: length only (NIST SP 800-63B), counted in Unicode code points. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/**
 * Throws `VALIDATION_BLOCKING` (details.field `new_password`) when a new password is shorter
 * than 12 or longer than 256 characters. Used wherever a password is set: invitation
 * acceptance, reset, change.
 */
export function assertPasswordAcceptable(password: string): void {
  const length = [...password].length;
  if (length >= PASSWORD_MIN_LENGTH && length <= PASSWORD_MAX_LENGTH) return;
  const tooShort = length < PASSWORD_MIN_LENGTH;
  throw new ShellError(
    'VALIDATION_BLOCKING',
    `password rejected by policy: ${tooShort ? 'too short' : 'too long'}`,
    {
      userMessage: tooShort
        ? `Use a password of at least ${PASSWORD_MIN_LENGTH} characters.`
        : `Use a password of at most ${PASSWORD_MAX_LENGTH} characters.`,
      details: {
        field: 'new_password',
        reason: tooShort ? 'too_short' : 'too_long',
        min_length: PASSWORD_MIN_LENGTH,
        max_length: PASSWORD_MAX_LENGTH,
      },
    },
  );
}

import { ShellError } from '@aiconnected/sdk-contracts';
import { PASSWORD_MIN_SCORE, ratePasswordStrength } from './rate-password-strength';

/** Password policy: 12 to 256 characters (counted in Unicode code points), not easy to guess. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/**
 * Throws `VALIDATION_BLOCKING` (details.field `new_password`) when a new password is shorter
 * than 12 or longer than 256 characters, or when zxcvbn-ts rates it below
 * PASSWORD_MIN_SCORE (details: score, min_score, warning, suggestions). `userInputs` (the
 * account's email, name) count as guessable words. Used wherever a password is set:
 * invitation acceptance, reset, change.
 */
export function assertPasswordAcceptable(password: string, userInputs: string[] = []): void {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH) {
    throw lengthRefused(length < PASSWORD_MIN_LENGTH);
  }
  const strength = ratePasswordStrength(password, userInputs);
  if (strength.strong) return;
  throw new ShellError('VALIDATION_BLOCKING', 'password rejected by policy: too weak', {
    userMessage: [
      'This password is too easy to guess.',
      strength.warning,
      strength.suggestions[0] ?? 'Add more words that are less common.',
    ]
      .filter(Boolean)
      .join(' '),
    details: {
      field: 'new_password',
      reason: 'too_weak',
      score: strength.score,
      min_score: PASSWORD_MIN_SCORE,
      warning: strength.warning,
      suggestions: strength.suggestions,
    },
  });
}

function lengthRefused(tooShort: boolean): ShellError {
  return new ShellError(
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

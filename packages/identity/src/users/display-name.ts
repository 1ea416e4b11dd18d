import { ShellError, textProblem } from '@aiconnected/sdk-contracts';

/** The longest display name (`users_display_name_check`). */
const DISPLAY_NAME_MAX = 200;

/**
 * A display name trimmed to the 1..200 characters `users_display_name_check` allows, made of
 * text (`textProblem`: no control character, no lone surrogate, something visible).
 */
export function requireDisplayName(raw: string): string {
  const name = raw.trim();
  const reason =
    name.length === 0 ? 'empty' : name.length > DISPLAY_NAME_MAX ? 'too_long' : textProblem(name);
  if (reason === null) return name;
  throw new ShellError('VALIDATION_BLOCKING', `display name refused: ${reason}`, {
    userMessage:
      reason === 'empty' || reason === 'too_long'
        ? 'Enter a name of 1 to 200 characters.'
        : 'Enter a name of visible characters, without control characters.',
    details: { field: 'display_name', reason, max_length: DISPLAY_NAME_MAX },
  });
}

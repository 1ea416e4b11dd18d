import { ShellError } from '@aiconnected/sdk-contracts';

/** A display name trimmed to the 1..200 characters `users_display_name_check` allows. */
export function requireDisplayName(raw: string): string {
  const name = raw.trim();
  if (name.length >= 1 && name.length <= 200) return name;
  throw new ShellError('VALIDATION_BLOCKING', 'display name empty or longer than 200 characters', {
    userMessage: 'Enter a name of 1 to 200 characters.',
    details: {
      field: 'display_name',
      reason: name.length === 0 ? 'empty' : 'too_long',
      max_length: 200,
    },
  });
}

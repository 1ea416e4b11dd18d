import { ShellError } from '@aiconnected/sdk-contracts';

// The rule of users_email_format_check (migration 001), checked here for a clear error.
const EMAIL_SHAPE = /^[^@\s]+@[^@\s]+$/;

/** An email address as `users.email` stores it (trimmed, lower-case), or null when malformed. */
export function normalizeEmail(raw: string): string | null {
  const email = raw.trim().toLowerCase();
  return EMAIL_SHAPE.test(email) && email.length <= 320 ? email : null;
}

/** As `normalizeEmail`, throwing `VALIDATION_BLOCKING` naming `field` when malformed. */
export function requireEmail(raw: string, field: string): string {
  const email = normalizeEmail(raw);
  if (email === null) {
    throw new ShellError('VALIDATION_BLOCKING', `${field} is not an email address`, {
      userMessage: 'Enter a valid email address.',
      details: { field, reason: 'invalid_email' },
    });
  }
  return email;
}

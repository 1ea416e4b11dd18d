import {
  assertPasswordAcceptable,
  ratePasswordStrength,
  generateToken,
  hashPassword,
  hashToken,
  verifyPassword,
} from '@aiconnected/identity';
import { ShellError } from '@aiconnected/sdk-contracts';
import { describe, expect, it } from 'vitest';

describe('password hashing', () => {
  it('stores scrypt$N$r$p$salt$hash with the documented parameters and verifies the password', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{86}$/);
    expect(await verifyPassword(stored, 'correct horse battery staple')).toBe(true);
  });

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([
      hashPassword('same password!'),
      hashPassword('same password!'),
    ]);
    expect(a).not.toBe(b);
  });

  it('refuses a wrong password', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(await verifyPassword(stored, 'correct horse battery stapler')).toBe(false);
    expect(await verifyPassword(stored, '')).toBe(false);
  });

  it('refuses a tampered or malformed stored string instead of throwing', async () => {
    const stored = await hashPassword('correct horse battery staple');
    const parts = stored.split('$');
    const hash = parts[5] ?? '';
    const flipped = `${hash[0] === 'A' ? 'B' : 'A'}${hash.slice(1)}`;
    const tampered = [
      [...parts.slice(0, 5), flipped].join('$'), // hash changed
      [parts[0], '16384', ...parts.slice(2)].join('$'), // cost lowered
      [...parts.slice(0, 4), 'AAAAAAAAAAAAAAAAAAAAAA', parts[5]].join('$'), // salt changed
      [parts[0], String(2 ** 30), ...parts.slice(2)].join('$'), // absurd cost: refused, not run
      stored.replace('scrypt$', 'bcrypt$'),
      stored.slice(0, -10),
      `${stored}$extra`,
      '',
      'plain text password',
    ];
    for (const candidate of tampered) {
      expect(await verifyPassword(candidate, 'correct horse battery staple'), candidate).toBe(
        false,
      );
    }
  });

  it('treats Unicode-equivalent spellings of a password as the same password (NFKC)', async () => {
    const stored = await hashPassword('Cafe\u0301 au lait, please');
    expect(await verifyPassword(stored, 'Caf\u00e9 au lait, please')).toBe(true);
  });
});

describe('tokens', () => {
  it('are 32 random bytes in base64url with their sha256 hex', () => {
    const { token, hash } = generateToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).toBe(hash);
  });

  it('never repeat', () => {
    const tokens = new Set(Array.from({ length: 1000 }, () => generateToken().token));
    expect(tokens.size).toBe(1000);
  });

  it('hash as sha256 of the token text', () => {
    expect(hashToken('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});

describe('password policy', () => {
  it('accepts 12 to 256 characters that are hard to guess, counted as code points', () => {
    expect(() => assertPasswordAcceptable('Tidal-okra-1957')).not.toThrow();
    expect(() => assertPasswordAcceptable('ChangeMe-demo-2026')).not.toThrow();
    expect(() => assertPasswordAcceptable('x7-Tidal-okra'.repeat(19).slice(0, 256))).not.toThrow();
    // 12 emoji are 24 UTF-16 units but 12 characters.
    expect(() => assertPasswordAcceptable('🔑🌊🍇🚲🎻🧭🪁🦉🌵🧲🪐🥨')).not.toThrow();
    expect(() => assertPasswordAcceptable('🔑'.repeat(11))).toThrow(ShellError);
  });

  it('refuses a long but guessable password with its score and what to do instead', () => {
    const error = catchError(() => assertPasswordAcceptable('aaaaaaaaaaaa'));
    expect((error as ShellError).toEnvelope('corr-2')).toStrictEqual({
      error: {
        code: 'VALIDATION_BLOCKING',
        message:
          'This password is too easy to guess. Repeated characters like "aaa" are easy to guess. Add more words that are less common.',
        details: {
          field: 'new_password',
          reason: 'too_weak',
          score: 0,
          min_score: 3,
          warning: 'Repeated characters like "aaa" are easy to guess.',
          suggestions: [
            'Add more words that are less common.',
            'Avoid repeated words and characters.',
          ],
        },
        correlation_id: 'corr-2',
      },
    });
  });

  it.each(['password1234', 'qwertyuiop12', 'abcdefghijkl', '123456789012'])(
    'refuses the common pattern %s as too weak',
    (password) => {
      const error = catchError(() => assertPasswordAcceptable(password));
      expect((error as ShellError).details).toMatchObject({ reason: 'too_weak' });
    },
  );

  it("counts the account's own email as a guessable word", () => {
    const email = 'zanzibar.quokka@example.test';
    expect(() => assertPasswordAcceptable('zanzibarquokka')).not.toThrow();
    const error = catchError(() => assertPasswordAcceptable('zanzibarquokka', [email]));
    expect((error as ShellError).details).toMatchObject({ reason: 'too_weak' });
  });

  it('rates strength with a score from 0 to 4 for the meter', () => {
    expect(ratePasswordStrength('aaaaaaaaaaaa')).toMatchObject({ score: 0, strong: false });
    expect(ratePasswordStrength('Tidal-okra-1957-violin')).toMatchObject({
      score: 4,
      strong: true,
    });
  });

  it.each([
    ['too short', 'a'.repeat(11), 'too_short', 'Use a password of at least 12 characters.'],
    ['too long', 'a'.repeat(257), 'too_long', 'Use a password of at most 256 characters.'],
    ['empty', '', 'too_short', 'Use a password of at least 12 characters.'],
  ])(
    'refuses a password that is %s with VALIDATION_BLOCKING on new_password',
    (_, password, reason, message) => {
      const error = catchError(() => assertPasswordAcceptable(password));
      expect(error).toBeInstanceOf(ShellError);
      expect((error as ShellError).toEnvelope('corr-1')).toStrictEqual({
        error: {
          code: 'VALIDATION_BLOCKING',
          message,
          details: { field: 'new_password', reason, min_length: 12, max_length: 256 },
          correlation_id: 'corr-1',
        },
      });
    },
  );
});

function catchError(fn: () => void): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

import { ShellError } from '@aiconnected/sdk-contracts';
import { describe, expect, it } from 'vitest';
import { translateWriteError, type WriteConflicts } from '@aiconnected/access';

/** A Postgres error as node-postgres throws it: SQLSTATE `code`, violated `constraint`. */
const pgError = (code: string, constraint?: string) =>
  Object.assign(new Error(`pg ${code}`), { code, constraint });

const CONFLICTS: WriteConflicts = {
  things_name_key: (what, cause) =>
    new ShellError('CONFLICT', `${what}: name taken`, { details: { field: 'name' }, cause }),
};

const translated = (error: unknown): unknown => {
  try {
    translateWriteError(error, 'renaming a thing', CONFLICTS);
  } catch (thrown) {
    return thrown;
  }
  throw new Error('translateWriteError returned');
};

describe('translateWriteError', () => {
  it('answers PERMISSION_DENIED when row-level security or a trigger refuses (42501)', () => {
    const cause = pgError('42501');
    expect(translated(cause)).toMatchObject({
      code: 'PERMISSION_DENIED',
      message: 'renaming a thing: refused by row-level security',
      cause,
    });
  });

  it("answers the domain's CONFLICT for a unique key it names", () => {
    const cause = pgError('23505', 'things_name_key');
    expect(translated(cause)).toMatchObject({
      code: 'CONFLICT',
      message: 'renaming a thing: name taken',
      details: { field: 'name' },
      cause,
    });
  });

  it('answers CONFLICT when a row the write refers to is gone (23503)', () => {
    const cause = pgError('23503', 'things_owner_id_fkey');
    expect(translated(cause)).toMatchObject({
      code: 'CONFLICT',
      message: 'renaming a thing: a row it refers to is gone',
      userMessage: 'Something this change refers to was removed meanwhile. Refresh and try again.',
      details: { reason: 'referenced_row_gone' },
      cause,
    });
  });

  it('answers CONFLICT still_referenced when the write removed a row still referred to (23503)', () => {
    const cause = Object.assign(
      new Error(
        'update or delete on table "things" violates foreign key constraint "parts_thing_id_fkey" on table "parts"',
      ),
      {
        code: '23503',
        constraint: 'parts_thing_id_fkey',
        detail: 'Key (id)=(1) is still referenced from table "parts".',
      },
    );
    expect(translated(cause)).toMatchObject({
      code: 'CONFLICT',
      message: 'renaming a thing: another row still refers to it',
      userMessage:
        'This is still in use by something else, so it cannot be removed. Refresh and try again.',
      details: { reason: 'still_referenced' },
      cause,
    });
  });

  it.each(['40001', '40P01'])(
    'answers CONFLICT when it lost to a concurrent write (%s)',
    (code) => {
      const cause = pgError(code);
      expect(translated(cause)).toMatchObject({
        code: 'CONFLICT',
        userMessage: 'Someone else changed this at the same time. Try again.',
        details: { reason: 'concurrent_write' },
        cause,
      });
    },
  );

  it('rethrows unchanged what it does not know: another unique key, another code, no pg error', () => {
    for (const error of [
      pgError('23505', 'other_key'),
      pgError('23505', 'toString'),
      pgError('23514', 'things_name_key'),
      new Error('boom'),
      'not an error',
    ]) {
      expect(translated(error)).toBe(error);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { isSemver, isSemverRange } from '@aiconnected/sdk-contracts';

describe('isSemver', () => {
  it.each(['0.0.0', '1.2.3', '10.20.30', '1.0.0-alpha', '1.0.0-beta.11', '1.0.0-rc.1+build.7'])(
    'accepts %s',
    (value) => expect(isSemver(value)).toBe(true),
  );

  it.each([
    '1',
    '1.2',
    'v1.2.3',
    '01.2.3',
    '1.2.3.4',
    '1.2.3-',
    '1.2.3-01',
    ' 1.2.3',
    '^1.2.3',
    '',
  ])('rejects %s', (value) => expect(isSemver(value)).toBe(false));
});

describe('isSemverRange', () => {
  it.each([
    '^1.0.0',
    '~1.2.0',
    '>=1.0.0 <2.0.0',
    '1.x',
    '*',
    '1.2.3',
    '^1.0.0 || ^2.0.0',
    '1.0.0 - 1.4.0',
    '>=1.0.0-beta.1',
  ])('accepts %s', (value) => expect(isSemverRange(value)).toBe(true));

  it.each(['', 'latest', '^1.0.0 ||', '>=> 1.0.0', '1.0.0 - 2.0.0 - 3.0.0', '^01.0.0', 'rm -rf'])(
    'rejects %s',
    (value) => expect(isSemverRange(value)).toBe(false),
  );
});

import { describe, expect, it } from 'vitest';
import { SHELL_SDK_CONTRACT_VERSION } from '@aiconnected/sdk-contracts';
import { isShellVersionCompatible } from '@aiconnected/module-sdk';

describe('isShellVersionCompatible', () => {
  it('checks a range against the shell SDK contract version by default', () => {
    expect(SHELL_SDK_CONTRACT_VERSION).toBe('1.4.0');
    expect(isShellVersionCompatible('^1.0.0')).toBe(true);
    expect(isShellVersionCompatible('^1.1.0')).toBe(true);
    expect(isShellVersionCompatible('>=1.0.0 <2.0.0')).toBe(true);
    expect(isShellVersionCompatible('1.x')).toBe(true);
    expect(isShellVersionCompatible('*')).toBe(true);
    expect(isShellVersionCompatible('~1.0.0')).toBe(false);
    expect(isShellVersionCompatible('^1.2.0')).toBe(true);
    expect(isShellVersionCompatible('^1.3.0')).toBe(true);
    expect(isShellVersionCompatible('^1.4.0')).toBe(true);
    expect(isShellVersionCompatible('^1.5.0')).toBe(false);
    expect(isShellVersionCompatible('^2.0.0')).toBe(false);
    expect(isShellVersionCompatible('1.0.0 - 1.0.9 || ^1.1.0')).toBe(true);
  });

  it('takes another version when given', () => {
    expect(isShellVersionCompatible('^1.0.0', '1.0.0')).toBe(true);
    expect(isShellVersionCompatible('^1.0.0', '2.0.0')).toBe(false);
    expect(isShellVersionCompatible('^2.0.0', '2.3.1')).toBe(true);
  });

  it('does not match prereleases unless the range names one', () => {
    expect(isShellVersionCompatible('^1.0.0', '1.2.0-beta.1')).toBe(false);
    expect(isShellVersionCompatible('^1.2.0-beta.0', '1.2.0-beta.1')).toBe(true);
  });

  it('is false for what is no range or no version', () => {
    expect(isShellVersionCompatible('latest')).toBe(false);
    expect(isShellVersionCompatible('')).toBe(false);
    expect(isShellVersionCompatible('  ')).toBe(false);
    expect(isShellVersionCompatible('^1.0.0', 'one')).toBe(false);
  });
});

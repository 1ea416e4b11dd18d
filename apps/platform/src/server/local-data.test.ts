import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readOrCreateLocalSecret, writeLocalSecret } from './local-data';

describe('readOrCreateLocalSecret', () => {
  let dir: string;
  beforeEach(() => {
    dir = path.join(mkdtempSync(path.join(tmpdir(), 'local-data-')), 'nested', '.data');
  });
  afterEach(() => {
    rmSync(path.dirname(path.dirname(dir)), { recursive: true, force: true });
  });

  it('creates the file once (0600, its folder too) and reads it back on later calls', () => {
    let made = 0;
    const create = () => {
      made += 1;
      return `secret-${made}\n`;
    };
    expect(readOrCreateLocalSecret('key', create, dir)).toBe('secret-1');
    expect(readOrCreateLocalSecret('key', create, dir)).toBe('secret-1');
    expect(made).toBe(1);
    expect(statSync(path.join(dir, 'key')).mode & 0o777).toBe(0o600);
    // No temporary file is left behind.
    expect(readdirSync(dir)).toStrictEqual(['key']);
  });

  it('a file linked by another process while this one was creating its own is the one read', () => {
    const value = readOrCreateLocalSecret(
      'key',
      () => {
        writeFileSync(path.join(dir, 'key'), 'the other worker', { mode: 0o600 });
        return 'mine';
      },
      dir,
    );
    expect(value).toBe('the other worker');
    expect(readdirSync(dir)).toStrictEqual(['key']);
  });

  it('writeLocalSecret replaces the file whole, still 0600, leaving no temporary file', () => {
    readOrCreateLocalSecret('key', () => 'old', dir);
    writeLocalSecret('key', 'new\n', dir);
    expect(readOrCreateLocalSecret('key', () => 'unused', dir)).toBe('new');
    expect(statSync(path.join(dir, 'key')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toStrictEqual(['key']);
  });
});

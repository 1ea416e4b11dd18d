import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_PROCESS_TEST_TIMEOUT_MS, runCliInProcess, runCliProcess } from './run-cli-process';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'aiconnected-init-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Two cases run the bin as a child process (a scaffold, exit 0, and a refusal, exit 2, with the
// real stdout and stderr); the others run its entry function in process: each child process
// starts Node and tsx, 5-30 s apiece on a busy two-core machine.
describe('aiconnected-module init', { timeout: CLI_PROCESS_TEST_TIMEOUT_MS }, () => {
  it('scaffolds a module whose manifest validates and whose migrations lint clean', async () => {
    const init = await runCliProcess(
      ['init', 'crm-lite', '--id', 'crm-lite', '--port', '4190'],
      dir,
    );
    expect(init.code).toBe(0);
    expect(init.stderr).toBe('');
    expect(init.stdout).toContain('Scaffolded module crm-lite in crm-lite:');
    expect((await readdir(path.join(dir, 'crm-lite'), { recursive: true })).sort()).toEqual([
      'README.md',
      'manifest.json',
      'migrations',
      'migrations/001_init.down.sql',
      'migrations/001_init.sql',
      'server.mjs',
    ]);

    expect(await runCliInProcess(['validate', 'crm-lite/manifest.json'], dir)).toEqual({
      code: 0,
      stdout: '✓ crm-lite 0.1.0: accepted, 0 blocking findings, 0 warnings\n',
      stderr: '',
    });
    expect(await runCliInProcess(['lint-migrations', 'crm-lite/migrations'], dir)).toEqual({
      code: 0,
      stdout: '✓ 2 migration file(s) of module crm-lite pass (16 rules)\n',
      stderr: '',
    });
  });

  it('refuses a bad id, a bad port and a directory that is not empty (exit 2, nothing written)', async () => {
    const badId = await runCliProcess(['init', 'x', '--id', 'Not_An_Id'], dir);
    expect(badId).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'aiconnected-module init: --id Not_An_Id is no module id (lower-kebab, 1-64 characters, e.g. crm-lite)\n',
    });
    const noId = await runCliInProcess(['init', 'x'], dir);
    expect(noId.code).toBe(2);
    expect(noId.stderr).toBe(
      'aiconnected-module init: init needs --id <module-id>, e.g. --id crm-lite\n',
    );
    const badPort = await runCliInProcess(['init', 'x', '--id', 'x-ray', '--port', '70000'], dir);
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toBe(
      'aiconnected-module init: --port 70000 is no port number (1-65535)\n',
    );
    expect(await readdir(dir)).not.toContain('x');

    await writeFile(path.join(dir, 'taken.txt'), 'x');
    const notEmpty = await runCliInProcess(['init', '.', '--id', 'taken'], dir);
    expect(notEmpty.code).toBe(2);
    expect(notEmpty.stderr).toBe(
      `aiconnected-module init: ${dir} is not empty; init writes into a new or empty directory\n`,
    );
  });

  it('refuses a reserved id with the reason assess gives (exit 2, nothing written)', async () => {
    expect(await runCliInProcess(['init', 'registry', '--id', 'registry'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'aiconnected-module init: --id "registry" is reserved by the shell (its URLs, APIs or event names use it). Choose another id, e.g. "acme-registry"\n',
    });
    expect(await readdir(dir)).not.toContain('registry');
  });

  it('prints the next steps with npx and the directory as given, absolute or relative', async () => {
    const absolute = path.join(dir, 'abs-notes');
    const init = await runCliInProcess(['init', absolute, '--id', 'abs-notes'], dir);
    expect(init.code).toBe(0);
    expect(init.stdout.split('Next:\n')[1]).toBe(
      [
        `  PORT=4100 node ${path.join(absolute, 'server.mjs')}`,
        `  npx aiconnected-module validate ${path.join(absolute, 'manifest.json')}`,
        `  npx aiconnected-module lint-migrations ${path.join(absolute, 'migrations')}`,
        '',
      ].join('\n'),
    );
    expect(init.stdout).toContain(`Scaffolded module abs-notes in ${absolute}:`);
    const relative = await runCliInProcess(['init', 'rel/notes', '--id', 'rel-notes'], dir);
    expect(relative.stdout).toContain(
      '  npx aiconnected-module validate rel/notes/manifest.json\n',
    );
  });
});

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { displayPath, type CliIo } from '../../src/cli/cli-io';
import { runCli } from '../../src/cli/run-cli';

// How validate and lint-migrations name a file: relative to the working directory when it is
// inside it, else as the absolute path given (not `../../tmp/...`). In process (runCli with a
// captured io): the bin itself is covered by the other cli tests.

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
let root: string;
let work: string;
let elsewhere: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'aiconnected-display-path-'));
  work = path.join(root, 'work');
  elsewhere = path.join(root, 'elsewhere', 'notes');
  await mkdir(work, { recursive: true });
  await mkdir(path.join(elsewhere, 'migrations'), { recursive: true });
  await writeFile(path.join(elsewhere, 'broken.json'), '{\n  "id": "notes",\n');
  await writeFile(
    path.join(elsewhere, 'manifest.json'),
    await readFile(path.join(REPO, 'examples/modules/notes/manifest.json')),
  );
  await writeFile(
    path.join(elsewhere, 'migrations', '001_notes.sql'),
    'CREATE TABLE notes_items (id uuid PRIMARY KEY);\n',
  );
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function run(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    cwd,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

describe('the file names the CLI prints', () => {
  it('displayPath: relative inside the working directory, absolute outside it', () => {
    expect(displayPath('/repo', '/repo/examples/m/manifest.json')).toBe('examples/m/manifest.json');
    expect(displayPath('/repo', '/tmp/m/manifest.json')).toBe('/tmp/m/manifest.json');
    expect(displayPath('/repo/a', '/repo/b/manifest.json')).toBe('/repo/b/manifest.json');
    expect(displayPath('/repo', '/repo/..data/x.sql')).toBe('..data/x.sql');
  });

  it('validate names a manifest outside the working directory by its absolute path', async () => {
    const file = path.join(elsewhere, 'broken.json');
    const outside = await run(['validate', file], work);
    expect(outside.code).toBe(1);
    expect(outside.stdout.split('\n')[0]).toBe(
      `✗ ${file}: rejected (MANIFEST_INVALID), 1 blocking finding, 0 warnings`,
    );
    const inside = await run(['validate', 'notes/broken.json'], path.dirname(elsewhere));
    expect(inside.stdout.split('\n')[0]).toBe(
      '✗ notes/broken.json: rejected (MANIFEST_INVALID), 1 blocking finding, 0 warnings',
    );
  });

  it('lint-migrations names the files of a directory outside the working directory by their absolute paths', async () => {
    const directory = path.join(elsewhere, 'migrations');
    const outside = await run(['lint-migrations', directory], work);
    expect(outside.code).toBe(1);
    const files = outside.stdout
      .split('\n')
      .filter((line) => line.includes(':1:1 '))
      .map((line) => line.slice(0, line.indexOf(':')));
    expect(files.length).toBeGreaterThan(0);
    expect(new Set(files)).toStrictEqual(new Set([path.join(directory, '001_notes.sql')]));
    const inside = await run(['lint-migrations', 'migrations'], elsewhere);
    expect(inside.stdout).toContain('migrations/001_notes.sql:1:1 ');
    expect(inside.stdout).not.toContain(elsewhere);
  });
});

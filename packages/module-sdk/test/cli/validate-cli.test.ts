import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHELL_SDK_CONTRACT_VERSION } from '@aiconnected/sdk-contracts';
import { assess } from '@aiconnected/module-sdk';
import { CLI_USAGE } from '../../src/cli/cli-usage';
import { CLI_PROCESS_TEST_TIMEOUT_MS, runCliInProcess, runCliProcess } from './run-cli-process';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'aiconnected-validate-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Three cases run the bin as a child process (exit codes 0, 1 and 2 with the real stdout and
// stderr); the others run its entry function in process: each child process starts Node and
// tsx, 5-30 s apiece on a busy two-core machine.
describe('aiconnected-module validate', { timeout: CLI_PROCESS_TEST_TIMEOUT_MS }, () => {
  it('accepts the example manifests with a readable checklist, exit 0', async () => {
    // hello consumes notes.note.created: with notes registered nothing is unknown.
    const run = await runCliProcess(
      [
        'validate',
        'examples/modules/hello/manifest.json',
        '--registry',
        'examples/modules/notes/manifest.json',
      ],
      REPO,
    );
    expect(run).toEqual({
      code: 0,
      stdout: '✓ hello 1.0.0: accepted, 0 blocking findings, 0 warnings\n',
      stderr: '',
    });
  });

  it('assesses against --registry: the same manifest again is a warning only (exit 0)', async () => {
    const run = await runCliInProcess(
      ['validate', 'examples/modules/notes/manifest.json', '--registry', 'examples/modules'],
      REPO,
    );
    expect(run).toEqual({
      code: 0,
      stdout:
        '✓ notes 1.0.0: accepted, 0 blocking findings, 1 warning\n' +
        '  ! VERSION_ALREADY_REGISTERED at /version\n' +
        '      notes 1.0.0 is already in the registry (registered) with this exact manifest\n' +
        '      fix: Nothing to do, or raise "version" to publish a change.\n',
      stderr: '',
    });
  });

  it('a file that is no JSON is one blocking finding with its line and column, exit 1', async () => {
    const file = path.join(dir, 'broken.json');
    await writeFile(file, '{\n  "id": "hello",\n  "name": oops\n}\n');
    const run = await runCliProcess(['validate', file, '--json'], dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({
      module_key: null,
      version: null,
      manifest_version: null,
      outcome: 'rejected',
      error_code: 'MANIFEST_INVALID',
      counts: { blocking: 1, warning: 0 },
      findings: [
        {
          code: 'MANIFEST_NOT_OBJECT',
          path: '',
          severity: 'blocking',
          message: 'Not valid JSON at line 3, column 11: unexpected "o".',
          fix_hint: 'Write the manifest as one JSON object: { "id": "...", "name": "...", ... }.',
        },
      ],
    });
  });

  it('prints the same report as assess for a rejected manifest (--json), exit 1', async () => {
    const manifest = { manifestVersion: 1, id: 'Bad Id', version: '1.0' };
    const file = path.join(dir, 'rejected.json');
    await writeFile(file, JSON.stringify(manifest));
    const run = await runCliInProcess(['validate', 'rejected.json', '--json'], dir);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual(
      assess(manifest, { shellVersion: SHELL_SDK_CONTRACT_VERSION, entries: [] }),
    );
  });

  it('usage and unreadable input exit 2', async () => {
    expect(await runCliInProcess(['validate'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'aiconnected-module validate: validate takes one manifest file: validate <manifest.json>\n',
    });
    const missing = await runCliInProcess(['validate', 'nope.json'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /^aiconnected-module validate: Cannot read .*nope\.json: ENOENT/,
    );
    await writeFile(path.join(dir, 'not-a-manifest.json'), '{"id": 1}');
    const badRegistry = await runCliInProcess(
      [
        'validate',
        path.join(REPO, 'examples/modules/hello/manifest.json'),
        '--registry',
        'not-a-manifest.json',
      ],
      dir,
    );
    expect(badRegistry.code).toBe(2);
    expect(badRegistry.stderr).toMatch(
      /^aiconnected-module validate: --registry: .*not-a-manifest\.json is no valid manifest/,
    );
    expect(await runCliProcess([], dir)).toEqual({ code: 2, stdout: '', stderr: CLI_USAGE });
    expect(await runCliInProcess(['--help'], dir)).toEqual({
      code: 0,
      stdout: CLI_USAGE,
      stderr: '',
    });
    const unknown = await runCliInProcess(['frobnicate'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^Unknown command frobnicate\.\n\nUsage: aiconnected-module/);
  });
});

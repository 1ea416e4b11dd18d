import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readSigningKeys, rotateSigningKeys } from '@aiconnected/gateway';
import { newSecretKeys, parseSecretKeys } from '@aiconnected/secrets';
import { newGatewayKeys } from '@/server/gateway-keys';

// `npm run keys:rotate -- gateway --print` (scripts/keys.ts) as a person runs it: its own
// process, the environment it is given. --print writes nothing, so the checkout's .data/ is
// never touched here.

const PLATFORM_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const run = promisify(execFile);

async function keys(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/keys.ts', ...args],
      {
        cwd: PLATFORM_DIR,
        // Exactly `env` (as the start script's tests do): nothing of the runner's shell leaks in.
        env: env as NodeJS.ProcessEnv,
      },
    );
    return { code: 0, stdout, stderr: '' };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const USAGE =
  'usage: keys:rotate -- gateway [--retire <kid>] [--print] | secrets [--print] [--rewrap] [--retire <version>]';

const kids = (json: string) => readSigningKeys(json).map((key) => key.kid);

describe('keys:rotate -- gateway --print', () => {
  it('prints a new key set, or the current one rotated: a new active key, the old ones kept or retired', async () => {
    const fresh = await keys(['gateway', '--print']);
    expect(fresh.code).toBe(0);
    expect(kids(fresh.stdout)).toHaveLength(1);

    const current = newGatewayKeys();
    const [old] = kids(current);
    const rotated = await keys(['gateway', '--print'], { GATEWAY_SIGNING_KEYS: current });
    expect(rotated.code).toBe(0);
    const [active, kept] = kids(rotated.stdout);
    expect(kids(rotated.stdout)).toStrictEqual([active, old]);
    expect(active).not.toBe(old);
    expect(kept).toBe(old);

    const retired = await keys(['gateway', '--print', '--retire', old ?? ''], {
      GATEWAY_SIGNING_KEYS: rotated.stdout.trim(),
    });
    expect(retired.code).toBe(0);
    expect(kids(retired.stdout)).toStrictEqual([expect.any(String), active]);
  }, 30_000);

  it('retires a key whose kid starts with a dash (a base64url thumbprint, one in 64)', async () => {
    let dashed = newGatewayKeys();
    while (!kids(dashed)[0]?.startsWith('-')) dashed = newGatewayKeys();
    const [kid] = kids(dashed);
    const two = rotateSigningKeys(dashed);
    const retired = await keys(['gateway', '--print', '--retire', kid ?? ''], {
      GATEWAY_SIGNING_KEYS: two,
    });
    expect(retired.stderr).toBe('');
    expect(retired.code).toBe(0);
    expect(kids(retired.stdout)).toStrictEqual([expect.any(String), kids(two)[0]]);
    expect(kids(retired.stdout)).not.toContain(kid);
  }, 30_000);

  it('refuses what it cannot do, in one line, printing no key', async () => {
    const cases: [string[], Record<string, string>, string][] = [
      [['other'], {}, USAGE],
      [['gateway', '--rewrap'], {}, USAGE],
      [
        ['gateway', '--print', '--retire', 'x'],
        {},
        '--retire needs the current GATEWAY_SIGNING_KEYS',
      ],
      [
        ['gateway', '--print', '--retire', 'nope'],
        { GATEWAY_SIGNING_KEYS: newGatewayKeys() },
        'signing keys: no key nope to retire',
      ],
      [
        ['gateway'],
        { GATEWAY_SIGNING_KEYS: newGatewayKeys() },
        'GATEWAY_SIGNING_KEYS is set, so the local file is not used: rotate it with --print instead.',
      ],
    ];
    for (const [args, env, message] of cases) {
      const result = await keys(args, env);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr.trim()).toBe(`✖ ${message}`);
    }
  }, 60_000);
});

describe('keys:rotate -- secrets --print', () => {
  it('prints a new key set, or the current one with a new current KEK, the old ones kept', async () => {
    const fresh = await keys(['secrets', '--print']);
    expect(fresh.code).toBe(0);
    expect(parseSecretKeys(fresh.stdout).versions()).toStrictEqual([1]);

    const current = newSecretKeys();
    const rotated = await keys(['secrets', '--print'], { SHELL_SECRET_KEYS: current });
    expect(rotated.code).toBe(0);
    const ring = parseSecretKeys(rotated.stdout);
    expect([ring.currentVersion, ring.versions()]).toStrictEqual([2, [1, 2]]);
    expect(ring.key(1)).toStrictEqual(parseSecretKeys(current).key(1));
  }, 60_000);

  it('refuses what it cannot do, in one line, printing no key', async () => {
    const cases: [string[], Record<string, string>, string][] = [
      [
        ['secrets', '--print', '--rewrap'],
        {},
        '--rewrap runs alone: it re-wraps to the current key of the environment',
      ],
      [['secrets', '--print', '--retire', '1'], {}, '--retire needs the current SHELL_SECRET_KEYS'],
      [
        ['secrets', '--print', '--retire', '1'],
        { SHELL_SECRET_KEYS: newSecretKeys() },
        'secret keys: key 1 is the current one',
      ],
      [
        ['secrets', '--print', '--retire', 'x'],
        { SHELL_SECRET_KEYS: newSecretKeys() },
        '--retire takes a key version, not x',
      ],
      [
        ['secrets'],
        { SHELL_SECRET_KEYS: newSecretKeys() },
        'SHELL_SECRET_KEYS is set, so the local file is not used: rotate it with --print instead.',
      ],
    ];
    for (const [args, env, message] of cases) {
      const result = await keys(args, env);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr.trim()).toBe(`✖ ${message}`);
    }
  }, 150_000);
});

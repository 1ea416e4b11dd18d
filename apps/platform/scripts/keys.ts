/**
 * Key CLI behind `npm run keys:rotate`: the gateway's signing keys (docs/modules.md "Gateway
 * signing keys") and the key-encryption keys of stored secrets (docs/events.md "Secret keys").
 *
 *   npm run keys:rotate -- gateway                 local: a new active key in .data/gateway-signing-keys.json
 *   npm run keys:rotate -- gateway --retire <kid>  the same, dropping key <kid> (its tokens stop verifying)
 *   npm run keys:rotate -- gateway --print         prints the rotated GATEWAY_SIGNING_KEYS (the current
 *                                                  value, else a new set) for the environment; writes nothing
 *
 *   npm run keys:rotate -- secrets                 local: a new KEK in .data/secret-keys.json, then every
 *                                                  sealed row re-wrapped to it (batches, no downtime)
 *   npm run keys:rotate -- secrets --print         prints the rotated SHELL_SECRET_KEYS (writes nothing)
 *   npm run keys:rotate -- secrets --rewrap        re-wraps every sealed row to the current KEK (after
 *                                                  deploying a printed set)
 *   npm run keys:rotate -- secrets [--print] --retire <version>   drops a KEK no row uses any more
 *
 * A gateway rotation puts a new key first (it signs from the next start on) and keeps the others, so
 * tokens and claims they signed still verify until retired (overlap). Running servers load
 * their keys at start: restart them to sign with the new key.
 */
import { parseArgs } from 'node:util';
import { readSigningKeys, rotateSigningKeys } from '@aiconnected/gateway';
import { EnvError, env as processEnv, type Env } from '../src/env';
import {
  gatewayKeysJson,
  LOCAL_GATEWAY_KEYS_FILE,
  newGatewayKeys,
} from '../src/server/gateway-keys';
import { LOCAL_DATA_DIR, writeLocalSecret } from '../src/server/local-data';
import { CliError, fail } from './lib/fail';

const USAGE =
  'usage: keys:rotate -- gateway [--retire <kid>] [--print] | secrets [--print] [--rewrap] [--retire <version>]';

function rotate(env: Env, retire: string | undefined, print: boolean): void {
  if (print) {
    const current = env.GATEWAY_SIGNING_KEYS;
    if (!current && retire) throw new CliError('--retire needs the current GATEWAY_SIGNING_KEYS');
    process.stdout.write(
      current ? `${rotateSigningKeys(current, { retire })}\n` : newGatewayKeys(),
    );
    return;
  }
  if (env.PLATFORM_ENV !== 'local') {
    throw new CliError(
      `PLATFORM_ENV is ${env.PLATFORM_ENV}: keys come from GATEWAY_SIGNING_KEYS there. ` +
        'Run with --print (and the current GATEWAY_SIGNING_KEYS set) and put its output in the environment.',
    );
  }
  if (env.GATEWAY_SIGNING_KEYS) {
    throw new CliError(
      'GATEWAY_SIGNING_KEYS is set, so the local file is not used: rotate it with --print instead.',
    );
  }
  const rotated = rotateSigningKeys(gatewayKeysJson(env), { retire });
  writeLocalSecret(LOCAL_GATEWAY_KEYS_FILE, `${rotated}\n`);
  const [active, ...kept] = readSigningKeys(rotated);
  console.log(`rotated  ${LOCAL_DATA_DIR}/${LOCAL_GATEWAY_KEYS_FILE}`);
  console.log(`active   ${active.kid}`);
  for (const key of kept) console.log(`verifies ${key.kid}`);
  if (retire) console.log(`retired  ${retire}`);
  console.log('restart the server to sign with the new key');
}

/**
 * The arguments with `--retire <value>` written `--retire=<value>`: `--retire` always takes a
 * value, and a kid (a base64url thumbprint) starts with `-` one time in 64, which parseArgs
 * would otherwise refuse as an ambiguous option.
 */
function joinRetireValue(args: readonly string[]): string[] {
  const joined: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] as string;
    const value = args[index + 1];
    if (arg === '--retire' && value !== undefined) {
      joined.push(`--retire=${value}`);
      index += 1;
    } else joined.push(arg);
  }
  return joined;
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    args: joinRetireValue(process.argv.slice(2)),
    allowPositionals: true,
    options: {
      retire: { type: 'string' },
      print: { type: 'boolean', default: false },
      rewrap: { type: 'boolean', default: false },
    },
  });
  const [what, ...rest] = positionals;
  if ((what !== 'gateway' && what !== 'secrets') || rest.length > 0) throw new CliError(USAGE);
  if (what === 'gateway' && values.rewrap) throw new CliError(USAGE);
  let env: Env;
  try {
    env = processEnv();
  } catch (error) {
    if (error instanceof EnvError) fail(error.message);
    throw error;
  }
  if (what === 'gateway') rotate(env, values.retire, values.print);
  else {
    // Loaded only for secrets: it brings the database and the packages whose columns it re-wraps.
    const { rotateSecretKeys } = await import('./lib/rotate-secret-keys');
    await rotateSecretKeys(env, values);
  }
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));

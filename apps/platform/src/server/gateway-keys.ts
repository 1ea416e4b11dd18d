import { newSigningKey, parseSigningKeys, type SigningKeyRing } from '@aiconnected/gateway';
import type { Env } from '@/env';
import { readOrCreateLocalSecret } from './local-data';

/** The local deployment's gateway signing keys, under `.data/` (git-ignored). */
export const LOCAL_GATEWAY_KEYS_FILE = 'gateway-signing-keys.json';

/** A key set of one new key, as `GATEWAY_SIGNING_KEYS` holds it. */
export function newGatewayKeys(): string {
  return `${JSON.stringify({ keys: [newSigningKey()] })}\n`;
}

/**
 * The gateway's signing keys as JSON (`{"keys":[...]}`, first active): GATEWAY_SIGNING_KEYS
 * when set (required outside local, env.ts), else the local file, made once on first start.
 */
export function gatewayKeysJson(environment: Env, dataDir?: string): string {
  return (
    environment.GATEWAY_SIGNING_KEYS ??
    readOrCreateLocalSecret(LOCAL_GATEWAY_KEYS_FILE, newGatewayKeys, dataDir)
  );
}

/**
 * The ring the gateway signs with and `/.well-known/jwks.json` publishes, loaded once at
 * start (a rotation takes effect with the next start: `npm run keys:rotate`).
 */
export function signingKeysFromEnv(environment: Env, dataDir?: string): SigningKeyRing {
  return parseSigningKeys(gatewayKeysJson(environment, dataDir));
}

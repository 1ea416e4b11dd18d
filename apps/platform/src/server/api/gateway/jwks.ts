import type { Handler } from 'hono';
import type { SigningKeyRing } from '@aiconnected/gateway';
import type { ApiEnv } from '../context';

/**
 * Caches may keep the keys for five minutes. A rotation's new key signs from the next restart
 * (`npm run keys:rotate -- gateway`); the module SDK's verifier refetches the JWKS when it
 * meets an unknown `kid` (within jose's 30 s cooldown), and an old key is retired only once
 * everything it signed has expired, at least five minutes after every process restarted
 * (docs/modules.md "Signing keys").
 */
const JWKS_CACHE_CONTROL = 'public, max-age=300';

/**
 * `GET /.well-known/jwks.json`: the public halves of the gateway's signing keys (active first,
 * then those still verifying), which module services verify the shell's claims and module UI
 * tokens with (`@aiconnected/module-sdk/verify`). Public and cacheable; readable from any
 * origin (CORS and CORP), as public keys are.
 */
export function serveJwks(ring: SigningKeyRing): Handler<ApiEnv> {
  return (c) =>
    c.json(ring.jwks(), 200, {
      'cache-control': JWKS_CACHE_CONTROL,
      'access-control-allow-origin': '*',
      'cross-origin-resource-policy': 'cross-origin',
    });
}

import { readSigningKeys } from './parse-signing-keys';
import { newSigningKey } from './signing-key';

/**
 * `GATEWAY_SIGNING_KEYS` after a rotation: a new key first (it signs from now on), the old
 * keys kept after it so tokens they signed still verify (overlap), except `retire` (a kid),
 * which is dropped (a kid not in the set throws). Retire a key once the tokens it signed have
 * expired (gateway claims 60 s, module UI tokens at most 300 s) and modules have refetched the
 * JWKS (it is served with max-age 300).
 */
export function rotateSigningKeys(json: string, options: { retire?: string } = {}): string {
  const current = readSigningKeys(json);
  if (options.retire !== undefined && !current.some((key) => key.kid === options.retire)) {
    throw new Error(`signing keys: no key ${options.retire} to retire`);
  }
  const kept = current.filter((key) => key.kid !== options.retire);
  return JSON.stringify({ keys: [newSigningKey(), ...kept] });
}

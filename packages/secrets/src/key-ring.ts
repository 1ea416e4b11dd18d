import { randomBytes } from 'node:crypto';

/** The length of a key-encryption key (AES-256). */
const KEY_BYTES = 32;

/**
 * The versioned key-encryption keys (KEKs) of `SHELL_SECRET_KEYS`: `currentVersion` wraps
 * every new data key; the others only unwrap, so rows sealed before a rotation stay readable
 * until they are re-wrapped (`rewrapSecret`) and the old version is retired.
 */
export interface SecretKeyRing {
  readonly currentVersion: number;
  /** The KEK of `version`, or undefined when the ring does not hold it. */
  key(version: number): Buffer | undefined;
  /** Every version held, ascending. */
  versions(): number[];
}

interface SecretKeysJson {
  current: number;
  keys: Record<string, string>;
}

/**
 * The checked content of `SHELL_SECRET_KEYS` (`{"current":2,"keys":{"1":"<base64 of 32
 * bytes>","2":"..."}}`). Throws an Error saying what is wrong, never echoing key material:
 * the platform refuses to start on it.
 */
function readSecretKeys(json: string): { current: number; keys: Map<number, Buffer> } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new Error('secret keys: not JSON (expected {"current":1,"keys":{"1":"<base64>"}})');
  }
  const { current, keys } = (parsed ?? {}) as Partial<SecretKeysJson>;
  if (typeof keys !== 'object' || keys === null || Array.isArray(keys)) {
    throw new Error('secret keys: expected {"current":<version>,"keys":{"<version>":"<base64>"}}');
  }
  const ring = new Map<number, Buffer>();
  for (const [name, value] of Object.entries(keys)) {
    if (!/^[1-9]\d{0,8}$/.test(name)) {
      throw new Error(`secret keys: version ${JSON.stringify(name)} is not a positive integer`);
    }
    const key = typeof value === 'string' ? Buffer.from(value, 'base64') : Buffer.alloc(0);
    if (key.length !== KEY_BYTES || key.toString('base64') !== value) {
      throw new Error(`secret keys: key ${name} is not the base64 of ${KEY_BYTES} bytes`);
    }
    ring.set(Number(name), key);
  }
  if (ring.size === 0) throw new Error('secret keys: at least one key is needed');
  if (typeof current !== 'number' || !ring.has(current)) {
    throw new Error('secret keys: "current" must name one of the versions in "keys"');
  }
  return { current, keys: ring };
}

/** The ring of `SHELL_SECRET_KEYS` (see `SecretKeyRing`); invalid content throws. */
export function parseSecretKeys(json: string): SecretKeyRing {
  const { current, keys } = readSecretKeys(json);
  const versions = [...keys.keys()].sort((a, b) => a - b);
  return {
    currentVersion: current,
    key: (version) => keys.get(version),
    versions: () => [...versions],
  };
}

function toJson(current: number, keys: Map<number, Buffer>): string {
  const entries = [...keys.entries()]
    .sort(([a], [b]) => a - b)
    .map(([version, key]): [string, string] => [String(version), key.toString('base64')]);
  const json: SecretKeysJson = { current, keys: Object.fromEntries(entries) };
  return JSON.stringify(json);
}

/**
 * `SHELL_SECRET_KEYS` with a new random KEK as the current version (one above the highest),
 * the previous keys kept so what they wrapped still opens; without `previous`, a first set.
 */
export function newSecretKeys(previous?: string): string {
  const keys = previous === undefined ? new Map<number, Buffer>() : readSecretKeys(previous).keys;
  const version = Math.max(0, ...keys.keys()) + 1;
  keys.set(version, randomBytes(KEY_BYTES));
  return toJson(version, keys);
}

/**
 * `SHELL_SECRET_KEYS` without `version`: retire an old KEK once no row is wrapped by it any
 * more (`keys:rotate -- secrets --retire` checks). The current version cannot be retired.
 */
export function retireSecretKey(json: string, version: number): string {
  const { current, keys } = readSecretKeys(json);
  if (!keys.has(version)) throw new Error(`secret keys: no key ${version} to retire`);
  if (version === current) throw new Error(`secret keys: key ${version} is the current one`);
  keys.delete(version);
  return toJson(current, keys);
}

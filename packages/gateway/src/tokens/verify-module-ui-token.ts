import { ShellError } from '@aiconnected/sdk-contracts';
import type { SigningKeyRing } from '../keys/signing-key-ring';
import type { ShellClaims } from './shell-claims';

/** Clock skew accepted on a token's times (seconds). */
export const TOKEN_CLOCK_TOLERANCE_SECONDS = 10;

const invalid = (why: string, cause?: unknown) =>
  new ShellError('SESSION_INVALID', `module-ui token refused: ${why}`, { cause });

/**
 * The claims of a module-ui bearer token for `moduleKey`: signed ES256 by a key of the ring
 * (a known `kid`), `aud` the module, `iss` the platform, `use` 'module-ui', within its times
 * (10 s leeway), with a session and workspace. Anything else is `SESSION_INVALID`; the
 * caller then checks the session is still live and its active workspace is `wid`.
 */
export async function verifyModuleUiToken(
  ring: SigningKeyRing,
  token: string,
  expected: { moduleKey: string; issuer: string },
): Promise<ShellClaims> {
  let payload: Record<string, unknown>;
  try {
    payload = await ring.verify(token, {
      audience: expected.moduleKey,
      issuer: expected.issuer,
      clockToleranceSeconds: TOKEN_CLOCK_TOLERANCE_SECONDS,
    });
  } catch (error) {
    throw invalid((error as { code?: string }).code ?? 'does not verify', error);
  }
  if (payload.use !== 'module-ui') throw invalid('not a module-ui token');
  if (payload.mod !== expected.moduleKey) throw invalid('another module');
  const text = (name: string) => typeof payload[name] === 'string' && payload[name] !== '';
  if (!text('sid') || !text('wid') || !text('ver') || !text('role') || !text('cid')) {
    throw invalid('claims missing');
  }
  const perms = payload.perms;
  if (!Array.isArray(perms) || !perms.every((perm) => typeof perm === 'string')) {
    throw invalid('perms missing');
  }
  return payload as unknown as ShellClaims;
}

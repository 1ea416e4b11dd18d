import {
  shellClaimsSchema,
  ShellError,
  type ModuleUiShellClaims,
} from '@aiconnected/sdk-contracts';
import type { SigningKeyRing } from '../keys/signing-key-ring';

/** Clock skew accepted on a token's times (seconds). */
export const TOKEN_CLOCK_TOLERANCE_SECONDS = 10;

const invalid = (why: string, cause?: unknown) =>
  new ShellError('SESSION_INVALID', `module-ui token refused: ${why}`, { cause });

/**
 * The claims of a module-ui bearer token for `moduleKey`: signed ES256 by a key of the ring
 * (a known `kid`), `aud` the module, `iss` the platform, `use` 'module-ui', within its times
 * (10 s leeway), its payload a module-ui `ShellClaims` (sdk-contracts). Anything else is `SESSION_INVALID`; the
 * caller then checks the session is still live and its active workspace is `wid`.
 */
export async function verifyModuleUiToken(
  ring: SigningKeyRing,
  token: string,
  expected: { moduleKey: string; issuer: string },
): Promise<ModuleUiShellClaims> {
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
  const parsed = shellClaimsSchema.safeParse(payload);
  if (!parsed.success) throw invalid('claims are not ShellClaims', parsed.error);
  const claims = parsed.data;
  if (claims.use !== 'module-ui') throw invalid('not a module-ui token');
  return claims;
}

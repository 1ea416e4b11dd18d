import {
  shellClaimsSchema,
  type GatewayShellClaims,
  type ModuleUiShellClaims,
} from '@aiconnected/sdk-contracts';
import { createRemoteJWKSet } from 'jose';
import { ShellTokenError } from './shell-token-error';
import { createCompactEs256Verifier } from './verify-compact-es256';

/** Clock skew accepted on a token's times (seconds), as the shell's own check. */
const CLOCK_TOLERANCE_SECONDS = 10;

export interface ShellVerifierOptions {
  /** The shell's JWKS, e.g. `https://shell.example.com/.well-known/jwks.json`. */
  jwksUrl: string | URL;
  /** This module's key: tokens for any other module are refused (`aud`). */
  moduleId: string;
  /** The shell's origin (`iss`); checked when given. */
  issuer?: string;
  /**
   * The path of this module's target base URL (`runtime.target.baseUrl`, e.g. '/api'): the
   * gateway binds claims to the path after it, so `verifyRequest` strips it first.
   */
  basePath?: string;
}

/** Headers as a Fetch `Headers` or Node's `IncomingHttpHeaders`. */
export type RequestHeaders = Headers | Record<string, string | string[] | undefined>;

export interface ShellVerifier {
  /**
   * The gateway's claims of one forwarded request (`x-shell-claims`): verified, `use`
   * 'gateway', and bound to this request's method and path (query ignored).
   */
  verifyRequest(method: string, path: string, headers: RequestHeaders): Promise<GatewayShellClaims>;
  /** A module-ui bearer token (from `token()` of the bridge): verified, `use` 'module-ui'. */
  verifyToken(token: string): Promise<ModuleUiShellClaims>;
}

function headerOf(headers: RequestHeaders, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  if (Array.isArray(value)) {
    if (value.length > 1) throw new ShellTokenError('TOKEN_INVALID', `${name} sent twice`);
    return value[0];
  }
  return value;
}

/**
 * Verifies tokens the shell signed for this module (Node only; docs/modules.md "Gateway"):
 * ES256 only, keys from the shell's JWKS (jose's `createRemoteJWKSet`: fetched once, cached,
 * refetched for an unknown `kid`), the signature checked with node:crypto
 * (`createCompactEs256Verifier`), `typ` JWT, `aud` this module, `iss` when configured, 10 s
 * clock tolerance, the payload checked against the `ShellClaims` contract. Failures throw
 * `ShellTokenError` with a stable code.
 */
export function createShellVerifier(options: ShellVerifierOptions): ShellVerifier {
  const keys = createRemoteJWKSet(new URL(options.jwksUrl));
  const basePath = (options.basePath ?? '').replace(/\/+$/, '');

  const verifyCompact = createCompactEs256Verifier(keys, {
    audience: options.moduleId,
    ...(options.issuer === undefined ? {} : { issuer: options.issuer }),
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
  });

  const verify = async (token: string) => {
    const payload = await verifyCompact(token);
    const parsed = shellClaimsSchema.safeParse(payload);
    if (!parsed.success) {
      throw new ShellTokenError('TOKEN_INVALID', 'token claims are not ShellClaims', {
        cause: parsed.error,
      });
    }
    return parsed.data;
  };

  return {
    verifyRequest: async (method, path, headers) => {
      const token = headerOf(headers, 'x-shell-claims');
      if (token === undefined || token === '') {
        throw new ShellTokenError('TOKEN_MISSING', 'no x-shell-claims header');
      }
      const claims = await verify(token);
      if (claims.use !== 'gateway')
        throw new ShellTokenError('TOKEN_INVALID', 'not gateway claims');
      const queryAt = path.indexOf('?');
      let bound = queryAt === -1 ? path : path.slice(0, queryAt);
      if (basePath !== '' && (bound === basePath || bound.startsWith(`${basePath}/`))) {
        bound = bound.slice(basePath.length) || '/';
      }
      if (claims.htm !== method.toUpperCase() || claims.htu !== bound) {
        throw new ShellTokenError('TOKEN_BINDING', 'claims are for another method or path');
      }
      return claims;
    },
    verifyToken: async (token) => {
      if (token === '') throw new ShellTokenError('TOKEN_MISSING', 'no token');
      const claims = await verify(token);
      if (claims.use !== 'module-ui') {
        throw new ShellTokenError('TOKEN_INVALID', 'not a module-ui token');
      }
      return claims;
    },
  };
}

import { randomUUID } from 'node:crypto';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';

// A stand-in of the shell for the example modules' tests, on loopback: its JWKS endpoint
// (`/.well-known/jwks.json`, one ES256 key) and the claims it signs. The shell's own signing
// is tested in packages/gateway; these tests check what a module developer copies.

export interface ShellStandIn {
  /** `http://127.0.0.1:<port>`: the issuer when the module is started with it as SHELL_ORIGIN. */
  origin: string;
  jwksUrl: string;
  /** Signs claims with the stand-in's key, as the shell does (ES256, its `kid`, typ JWT). */
  sign(payload: JWTPayload): Promise<string>;
  close(): Promise<void>;
}

/** Starts the stand-in; any other request goes to `other` (404 without it). */
export async function startShellStandIn(other?: RequestListener): Promise<ShellStandIn> {
  const pair = await generateKeyPair('ES256');
  const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  const server: Server = createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/.well-known/jwks.json') {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ keys: [publicJwk] }));
    } else if (other) {
      other(request, response);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    jwksUrl: `${origin}/.well-known/jwks.json`,
    sign: (payload) =>
      new SignJWT(payload)
        .setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: 'JWT' })
        .sign(pair.privateKey),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Who is calling, and for which module, in claims. */
export interface Caller {
  iss: string;
  aud: string;
  sub: string;
  wid: string;
  role: string;
  perms: string[];
}

/**
 * `ShellClaims` as the shell signs them for `caller`: gateway claims bound to `htm`/`htu` of
 * `over`, or a module-ui token; `over` changes any claim.
 */
export function shellClaims(
  use: 'gateway' | 'module-ui',
  caller: Caller,
  over: Record<string, unknown> = {},
): JWTPayload {
  const iat = Math.floor(Date.now() / 1000);
  return {
    ...caller,
    iat,
    nbf: iat,
    exp: iat + 60,
    jti: randomUUID(),
    use,
    mod: caller.aud,
    ver: '1.0.0',
    cid: randomUUID(),
    imp: {
      active: false,
      actor_user_id: null,
      actor_workspace_id: null,
      target_workspace_id: null,
    },
    ...(use === 'module-ui' ? { sid: randomUUID() } : {}),
    ...over,
  };
}

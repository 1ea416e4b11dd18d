import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';

// A LOCAL STAND-IN for Supabase Auth (GoTrue), not Supabase itself: a node:http server on
// 127.0.0.1 that speaks the two documented endpoints the supabase provider uses,
//   POST /auth/v1/token?grant_type=password   {email, password} -> {access_token, ...}
//   GET  /auth/v1/.well-known/jwks.json        the project's public signing keys
// with ES256 access tokens shaped like Supabase's (iss <url>/auth/v1, aud authenticated,
// sub = auth user id, role authenticated). Tests never contact the internet.

/** What the token endpoint issues: a good token, one signed by a key outside the JWKS, or an expired one. */
export type StandInTokenMode = 'valid' | 'foreign-key' | 'expired';

export interface SignOptions {
  key?: 'project' | 'foreign';
  expiresInSeconds?: number;
  issuer?: string;
  audience?: string;
}

export interface GoTrueStandIn {
  /** Use as `supabaseUrl`. */
  url: string;
  anonKey: string;
  tokenMode: StandInTokenMode;
  /** Token endpoint calls so far. */
  tokenRequests: number;
  /** Registers an auth user; returns its id (the JWT `sub`). */
  addUser(email: string, password: string): string;
  /** Signs an access token as the stand-in would (or with the foreign key / other claims). */
  signAccessToken(sub: string, email: string, options?: SignOptions): Promise<string>;
  close(): Promise<void>;
}

const KID = 'stand-in-key-1';

/** Starts the stand-in on an ephemeral port of 127.0.0.1. */
export async function startGoTrueStandIn(): Promise<GoTrueStandIn> {
  const project = await generateKeyPair('ES256', { extractable: true });
  // Same `kid` as the project key: the signature itself must be what rejects it.
  const foreign = await generateKeyPair('ES256');
  const publicJwk = { ...(await exportJWK(project.publicKey)), kid: KID, alg: 'ES256', use: 'sig' };
  const users = new Map<string, { id: string; password: string }>();
  let url = '';

  const sign = async (sub: string, email: string, options: SignOptions = {}) => {
    const now = Math.floor(Date.now() / 1000);
    const expiresIn = options.expiresInSeconds ?? 3600;
    const key: CryptoKey = options.key === 'foreign' ? foreign.privateKey : project.privateKey;
    return new SignJWT({
      email,
      phone: '',
      role: 'authenticated',
      aal: 'aal1',
      amr: [{ method: 'password', timestamp: now }],
      session_id: randomUUID(),
      is_anonymous: false,
      app_metadata: { provider: 'email', providers: ['email'] },
      user_metadata: {},
    })
      .setProtectedHeader({ alg: 'ES256', kid: KID, typ: 'JWT' })
      .setIssuer(options.issuer ?? `${url}/auth/v1`)
      .setAudience(options.audience ?? 'authenticated')
      .setSubject(sub)
      .setIssuedAt(Math.min(now, now + expiresIn - 60))
      .setExpirationTime(now + expiresIn)
      .sign(key);
  };

  const standIn: GoTrueStandIn = {
    url,
    anonKey: `stand-in-anon-${randomUUID()}`,
    tokenMode: 'valid',
    tokenRequests: 0,
    addUser(email, password) {
      const id = randomUUID();
      users.set(email, { id, password });
      return id;
    },
    signAccessToken: sign,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // fetch keeps connections alive; close them so close() does not wait for their timeout.
        server.closeAllConnections();
      }),
  };

  async function tokenEndpoint(req: IncomingMessage, res: ServerResponse) {
    standIn.tokenRequests += 1;
    if (req.headers.apikey !== standIn.anonKey) {
      return send(res, 401, { message: 'Invalid API key' });
    }
    const body = JSON.parse(await readBody(req)) as { email?: string; password?: string };
    const user = body.email === undefined ? undefined : users.get(body.email);
    if (!user || user.password !== body.password) {
      return send(res, 400, {
        code: 400,
        error_code: 'invalid_credentials',
        msg: 'Invalid login credentials',
      });
    }
    const email = body.email ?? '';
    const accessToken = await sign(user.id, email, {
      key: standIn.tokenMode === 'foreign-key' ? 'foreign' : 'project',
      expiresInSeconds: standIn.tokenMode === 'expired' ? -120 : 3600,
    });
    return send(res, 200, {
      access_token: accessToken,
      token_type: 'bearer',
      expires_in: 3600,
      expires_at: Math.floor(Date.now() / 1000) + 3600,
      refresh_token: randomUUID(),
      user: { id: user.id, aud: 'authenticated', role: 'authenticated', email },
    });
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://stand-in').pathname;
    const query = new URL(req.url ?? '/', 'http://stand-in').searchParams;
    if (req.method === 'GET' && path === '/auth/v1/.well-known/jwks.json') {
      send(res, 200, { keys: [publicJwk] });
    } else if (
      req.method === 'POST' &&
      path === '/auth/v1/token' &&
      query.get('grant_type') === 'password'
    ) {
      tokenEndpoint(req, res).catch(() => send(res, 500, { msg: 'stand-in failure' }));
    } else {
      send(res, 404, { msg: 'not found' });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  standIn.url = url;
  return standIn;
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

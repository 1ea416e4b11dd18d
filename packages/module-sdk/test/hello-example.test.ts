import { randomUUID } from 'node:crypto';
import type { JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shellClaims, startShellStandIn, type ShellStandIn } from './shell-stand-in';
import { startExample } from './start-example';

// The hello example against a stand-in of the shell's JWKS endpoint on loopback
// (shell-stand-in.ts): what a module developer copies.

const SHELL_ORIGIN = 'http://shell.test:3000';
let shell: ShellStandIn;
let base: string;

beforeAll(async () => {
  shell = await startShellStandIn();
  base = await startExample('hello', { SHELL_ORIGIN, SHELL_JWKS_URL: shell.jwksUrl });
}, 30_000);
afterAll(() => shell.close());

const USER = randomUUID();
const WORKSPACE = randomUUID();

function claims(use: 'gateway' | 'module-ui', over: Record<string, unknown> = {}): JWTPayload {
  const caller = {
    iss: SHELL_ORIGIN,
    aud: 'hello',
    sub: USER,
    wid: WORKSPACE,
    role: 'business_user',
    perms: ['hello.greeting.read'],
  };
  return shellClaims(use, caller, {
    cid: 'test-correlation',
    ...(use === 'gateway' ? { htm: 'GET', htu: '/greeting' } : {}),
    ...over,
  });
}
const sign = (payload: JWTPayload) => shell.sign(payload);

describe('the hello example module', () => {
  it('serves its UI for the shell to frame, and only the shell', async () => {
    const page = await fetch(`${base}/ui`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors http://shell.test:3000",
    );
    const html = await page.text();
    expect(html).toContain('<meta name="shell-origin" content="http://shell.test:3000" />');
    expect(html).toContain('<script type="module" src="/ui/app.js"></script>');

    const script = await fetch(`${base}/ui/app.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    // The bridge client is bundled in: penpal's handshake and the bridge method.
    const bundle = await script.text();
    expect(bundle).toContain('penpal');
    expect(bundle).toContain('module:request:token');

    // Everything else may not be framed at all.
    const health = await fetch(`${base}/health`);
    expect(await health.json()).toEqual({ status: 'ok', module: 'hello' });
    expect(health.headers.get('content-security-policy')).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
  });

  it('GET /whoami answers who called from a module-ui token, 401 with the code otherwise', async () => {
    const token = await sign(claims('module-ui', { exp: Math.floor(Date.now() / 1000) + 120 }));
    const answer = await fetch(`${base}/whoami`, { headers: { authorization: `Bearer ${token}` } });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toStrictEqual({
      user_id: USER,
      workspace_id: WORKSPACE,
      role: 'business_user',
      permissions: ['hello.greeting.read'],
      expires_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as string,
    });

    const refusals: [Record<string, string>, string][] = [
      [{}, 'TOKEN_MISSING'],
      [{ authorization: 'Bearer not-a-jwt' }, 'TOKEN_INVALID'],
      // Gateway claims are not a UI token.
      [{ authorization: `Bearer ${await sign(claims('gateway'))}` }, 'TOKEN_INVALID'],
      [
        { authorization: `Bearer ${await sign(claims('module-ui', { aud: 'notes' }))}` },
        'TOKEN_AUDIENCE',
      ],
      // Signed with the shell's key but naming another issuer.
      [
        {
          authorization: `Bearer ${await sign(claims('module-ui', { iss: 'https://other.test' }))}`,
        },
        'TOKEN_INVALID',
      ],
    ];
    for (const [headers, code] of refusals) {
      const refused = await fetch(`${base}/whoami`, { headers });
      expect([refused.status, ((await refused.json()) as { code: string }).code]).toEqual([
        401,
        code,
      ]);
    }
    // A valid UI token without hello.greeting.read (not granted, or not held): 403.
    const bare = await sign(claims('module-ui', { perms: [] }));
    const forbidden = await fetch(`${base}/whoami`, {
      headers: { authorization: `Bearer ${bare}` },
    });
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toStrictEqual({
      code: 'PERMISSION_DENIED',
      message: 'The token does not carry hello.greeting.read',
    });
  });

  it('GET /greeting greets the caller of verified gateway claims bound to the request', async () => {
    const answer = await fetch(`${base}/greeting?x=1`, {
      headers: { 'x-shell-claims': await sign(claims('gateway')) },
    });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toStrictEqual({
      greeting: `Hello, user ${USER} (business_user)`,
      workspace_id: WORKSPACE,
      permissions: ['hello.greeting.read'],
    });

    const otherPath = await sign(claims('gateway', { htu: '/echo' }));
    for (const [headers, code] of [
      [{}, 'TOKEN_MISSING'],
      [{ 'x-shell-claims': otherPath }, 'TOKEN_BINDING'],
      [{ 'x-shell-claims': await sign(claims('module-ui')) }, 'TOKEN_INVALID'],
    ] as const) {
      const refused = await fetch(`${base}/greeting`, { headers });
      expect([refused.status, ((await refused.json()) as { code: string }).code]).toEqual([
        401,
        code,
      ]);
    }
  });

  it('GET and POST /echo answer the headers (and body) they received', async () => {
    const got = await fetch(`${base}/echo?a=1`, { headers: { 'x-custom': 'yes' } });
    expect(await got.json()).toMatchObject({
      method: 'GET',
      path: '/echo?a=1',
      headers: { 'x-custom': 'yes' },
      body: null,
    });
    const posted = await fetch(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hello there',
    });
    expect(await posted.json()).toMatchObject({
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hello there',
    });
    const unknown = await fetch(`${base}/nope`);
    expect([unknown.status, await unknown.json()]).toEqual([
      404,
      { code: 'NOT_FOUND', message: 'No route GET /nope' },
    ]);
  });
});

import { randomBytes, randomUUID } from 'node:crypto';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatEventSequence } from '@aiconnected/sdk-contracts';
import { shellClaims, startShellStandIn, type Caller, type ShellStandIn } from './shell-stand-in';
import { startExample } from './start-example';

// The notes example as a process behind a stand-in of the shell on loopback: its JWKS (the
// gateway's claims name the caller) and its POST /api/events (notes emits notes.note.created
// with its installation's API key for the workspace).

const WORKSPACE = randomUUID();
const OTHER_WORKSPACE = randomUUID();
const API_KEY = `aicm_${randomBytes(32).toString('base64url')}`;

let shell: ShellStandIn;
let base: string;
/** What notes sent to the stand-in's POST /api/events. */
const emits: { authorization?: string; body: Record<string, unknown> }[] = [];

beforeAll(async () => {
  shell = await startShellStandIn((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (`${request.method} ${request.url}` !== 'POST /api/events') {
        response.writeHead(404).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      emits.push({ authorization: request.headers.authorization, body });
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          event_id: randomUUID(),
          delivery_state: 'pending',
          sequence: formatEventSequence(emits.length),
          duplicate: false,
        }),
      );
    });
  });
  base = await startExample('notes', {
    SHELL_ORIGIN: shell.origin,
    NOTES_SHELL_API_KEYS: `${WORKSPACE}=${API_KEY}`,
  });
}, 30_000);
afterAll(() => shell.close());

function caller(over: Partial<Caller> = {}): Caller {
  return {
    iss: shell.origin,
    aud: 'notes',
    sub: randomUUID(),
    wid: WORKSPACE,
    role: 'business_admin',
    perms: ['notes.notes.read', 'notes.notes.create'],
    ...over,
  };
}

/** A call of /notes as the gateway forwards it: with claims signed for it. */
async function call(who: Caller, method: 'GET' | 'POST', body?: unknown, over = {}) {
  const claims = await shell.sign(
    shellClaims('gateway', who, { htm: method, htu: '/notes', ...over }),
  );
  const response = await fetch(`${base}/notes`, {
    method,
    headers: { 'x-shell-claims': claims, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('the notes example module', () => {
  let admin: Caller;
  let member: Caller;
  beforeAll(() => {
    admin = caller();
    member = caller({ role: 'business_user', perms: ['notes.notes.read'] });
  });

  it('answers health and its pages without claims', async () => {
    expect(await (await fetch(`${base}/health`)).json()).toStrictEqual({
      status: 'ok',
      module: 'notes',
    });
    for (const [path, title] of [
      ['/', 'Notes'],
      ['/settings', 'Notes settings'],
    ] as const) {
      const page = await fetch(`${base}${path}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(`<h1>${title}</h1>`);
    }
  });

  it("keeps notes per workspace from the claims, a private note its author's only, and emits notes.note.created with the workspace's key and the claims' correlation id", async () => {
    expect(await call(admin, 'GET')).toStrictEqual({ status: 200, body: { items: [] } });
    const correlation = randomUUID();
    const created = await call(
      admin,
      'POST',
      { text: ' First note ', visibility: 'private' },
      { cid: correlation },
    );
    const { event, ...privateNote } = created.body;
    expect([created.status, privateNote]).toStrictEqual([
      201,
      {
        id: expect.any(String) as unknown,
        text: 'First note',
        visibility: 'private',
        author_id: admin.sub,
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
      },
    ]);
    expect(event).toStrictEqual({
      event_id: expect.any(String) as unknown,
      delivery_state: 'pending',
      sequence: formatEventSequence(1),
      duplicate: false,
    });
    expect(emits).toStrictEqual([
      {
        authorization: `Bearer ${API_KEY}`,
        body: {
          event_name: 'notes.note.created',
          payload: { note_id: privateNote.id, visibility: 'private' },
          idempotency_key: privateNote.id,
          stream: 'notes',
          correlation_id: correlation,
        },
      },
    ]);
    const shared = await call(admin, 'POST', { text: 'For everyone' });
    expect(shared.body).toMatchObject({ visibility: 'workspace', author_id: admin.sub });
    const { event: sharedEvent, ...sharedNote } = shared.body;
    expect(sharedEvent).toMatchObject({ sequence: formatEventSequence(2) });

    // The author sees both; another member of the workspace only the shared one.
    expect(await call(admin, 'GET')).toStrictEqual({
      status: 200,
      body: { items: [privateNote, sharedNote] },
    });
    expect(await call(member, 'GET')).toStrictEqual({
      status: 200,
      body: { items: [sharedNote] },
    });

    // Another workspace sees none of them; notes holds no key for it, so it emits nothing.
    const elsewhere = caller({ wid: OTHER_WORKSPACE });
    expect(await call(elsewhere, 'GET')).toStrictEqual({ status: 200, body: { items: [] } });
    const unannounced = await call(elsewhere, 'POST', { text: 'Not on the bus' });
    expect([unannounced.status, unannounced.body.event]).toStrictEqual([201, null]);
    expect(emits).toHaveLength(2);

    expect(await call(admin, 'POST', { text: '', visibility: 'everyone' })).toStrictEqual({
      status: 400,
      body: {
        code: 'VALIDATION_FAILED',
        message: 'Send {"text": 1-2000 characters, "visibility"?: "private" | "workspace"}',
      },
    });
  });

  it('refuses calls without valid gateway claims (401, the verifier code) or without the permission (403), storing and emitting nothing', async () => {
    const before = await call(admin, 'GET');
    const emitted = emits.length;
    const post = (claims: Record<string, unknown>) => shellClaims('gateway', admin, claims);
    const otherKey = (await generateKeyPair('ES256')).privateKey;
    const refusals: [string, Record<string, string>][] = [
      ['TOKEN_MISSING', {}],
      // A plain header naming a workspace is not who is calling.
      ['TOKEN_MISSING', { 'x-shell-workspace-id': WORKSPACE, 'x-shell-user-id': admin.sub }],
      ['TOKEN_INVALID', { 'x-shell-claims': 'not-a-jwt' }],
      [
        'TOKEN_INVALID',
        {
          'x-shell-claims': await new SignJWT(post({ htm: 'POST', htu: '/notes' }))
            .setProtectedHeader({ alg: 'ES256', kid: 'k1', typ: 'JWT' })
            .sign(otherKey),
        },
      ],
      ['TOKEN_INVALID', { 'x-shell-claims': await shell.sign(shellClaims('module-ui', admin)) }],
      [
        'TOKEN_INVALID',
        {
          'x-shell-claims': await shell.sign(
            post({ htm: 'POST', htu: '/notes', iss: 'https://other.test' }),
          ),
        },
      ],
      [
        'TOKEN_AUDIENCE',
        { 'x-shell-claims': await shell.sign(post({ htm: 'POST', htu: '/notes', aud: 'hello' })) },
      ],
      // Claims of a GET /notes replayed on a POST.
      [
        'TOKEN_BINDING',
        { 'x-shell-claims': await shell.sign(post({ htm: 'GET', htu: '/notes' })) },
      ],
      [
        'TOKEN_EXPIRED',
        {
          'x-shell-claims': await shell.sign(
            post({ htm: 'POST', htu: '/notes', exp: Math.floor(Date.now() / 1000) - 60 }),
          ),
        },
      ],
    ];
    for (const [code, headers] of refusals) {
      const refused = await fetch(`${base}/notes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ text: 'Forged' }),
      });
      expect([refused.status, await refused.json()], code).toStrictEqual([
        401,
        { code, message: expect.any(String) as unknown },
      ]);
    }
    // Valid claims of a member who holds notes.notes.read only.
    expect(await call(member, 'POST', { text: 'Not allowed' })).toStrictEqual({
      status: 403,
      body: { code: 'PERMISSION_DENIED', message: 'The claims do not carry notes.notes.create' },
    });
    expect(await call(caller({ perms: [] }), 'GET')).toStrictEqual({
      status: 403,
      body: { code: 'PERMISSION_DENIED', message: 'The claims do not carry notes.notes.read' },
    });
    const other = await fetch(`${base}/notes`, { method: 'DELETE' });
    expect([other.status, await other.json()]).toStrictEqual([
      405,
      { code: 'METHOD_NOT_ALLOWED', message: 'No route DELETE /notes' },
    ]);

    expect(await call(admin, 'GET')).toStrictEqual(before);
    expect(emits).toHaveLength(emitted);
  });

  it('refuses to start with a malformed NOTES_SHELL_API_KEYS', async () => {
    await expect(
      startExample('notes', { SHELL_ORIGIN: shell.origin, NOTES_SHELL_API_KEYS: API_KEY }),
    ).rejects.toThrow('notes exited with 2');
  });
});

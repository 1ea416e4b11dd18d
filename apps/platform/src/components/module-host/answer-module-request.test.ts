import { describe, expect, it, vi } from 'vitest';
import { BRIDGE_PROTOCOL_VERSION, hostMessageSchema } from '@aiconnected/sdk-contracts';
import type { ApiResult } from '@/lib/client-api';
import { answerModuleRequest, type ModuleRequestDeps } from './answer-module-request';
import { hostInitOf, readyFailure } from './module-handshake';

const WORKSPACE = '0b9c5a52-8d8f-4a55-9f3e-6a1d2c3b4e5f';
const USER = '6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b';
const TOKEN = {
  token: 'eyJhbGciOiJFUzI1NiJ9.e30.sig',
  token_type: 'Bearer' as const,
  expires_at: '2026-01-01T00:01:00Z',
  permissions: ['hello.greeting.read'],
  audience: 'hello',
};
const CONTEXT = {
  user: { id: USER, display_name: 'Ada' },
  workspace: { id: WORKSPACE, name: 'Acme', type: 'business' as const },
  theme: { mode: 'dark' as const, tokens: { primary: 'oklch(0.6 0.2 250)' } },
};

/** Deps whose token call answers `token` (and records what it was asked). */
function deps(token: ApiResult<unknown> = { ok: true, data: TOKEN }) {
  const requestToken = vi.fn(() => Promise.resolve(token));
  const resize = vi.fn((size: { height: number; width?: number }) => ({ height: size.height }));
  const value: ModuleRequestDeps = {
    runtime: {
      module_key: 'hello',
      settings: { greeting: 'Hi' },
      token_permissions: ['hello.greeting.read', 'hello.notes.read'],
    },
    context: () => CONTEXT,
    resize,
    requestToken: requestToken as ModuleRequestDeps['requestToken'],
  };
  return { value, requestToken, resize };
}

async function answer(raw: unknown, given = deps()) {
  const message = await answerModuleRequest(raw, given.value);
  // Whatever the host answers is itself a valid bridge message.
  expect(hostMessageSchema.parse(message)).toStrictEqual(message);
  return message;
}

describe('answerModuleRequest: fails closed', () => {
  it.each([
    ['not an object', 'module:request:settings'],
    ['null', null],
    ['an unknown type', { type: 'module:request:eval', code: 'alert(1)' }],
    ['a host message', { type: 'host:init' }],
    ['a resize without height', { type: 'module:request:resize' }],
    ['a negative height', { type: 'module:request:resize', height: -5 }],
    ['a height over 10000', { type: 'module:request:resize', height: 10_001 }],
    ['a string height', { type: 'module:request:resize', height: '100px' }],
    ['a token for no permission', { type: 'module:request:token', permissions: [] }],
    [
      'a ttl over 300 s',
      { type: 'module:request:token', permissions: ['hello.greeting.read'], ttl_seconds: 3600 },
    ],
  ])('refuses %s with VALIDATION_BLOCKING, touching nothing', async (_, raw) => {
    const given = deps();
    expect(await answer(raw, given)).toMatchObject({
      type: 'host:refusal',
      code: 'VALIDATION_BLOCKING',
      message: expect.stringMatching(/^Not a valid module bridge request/) as string,
    });
    expect(given.requestToken).not.toHaveBeenCalled();
    expect(given.resize).not.toHaveBeenCalled();
  });

  it('names the field of the first problem', async () => {
    expect(await answer({ type: 'module:request:resize', height: 20_000 })).toStrictEqual({
      type: 'host:refusal',
      code: 'VALIDATION_BLOCKING',
      message: expect.stringContaining('(height)') as string,
    });
  });

  it('refuses module:ready outside the handshake', async () => {
    expect(
      await answer({ type: 'module:ready', protocol_version: BRIDGE_PROTOCOL_VERSION }),
    ).toStrictEqual({
      type: 'host:refusal',
      code: 'VALIDATION_BLOCKING',
      message: 'module:ready answers host:init; it is not a request',
    });
  });
});

describe('answerModuleRequest: requests', () => {
  it('resizes the frame and answers the size it took', async () => {
    const given = deps();
    expect(
      await answer({ type: 'module:request:resize', height: 480, width: 300 }, given),
    ).toStrictEqual({ type: 'host:resized', height: 480 });
    expect(given.resize).toHaveBeenCalledWith({ height: 480, width: 300 });
  });

  it('answers the settings and the context', async () => {
    expect(await answer({ type: 'module:request:settings' })).toStrictEqual({
      type: 'host:settings',
      settings: { greeting: 'Hi' },
    });
    expect(await answer({ type: 'module:request:context' })).toStrictEqual({
      type: 'host:context',
      ...CONTEXT,
    });
  });

  it('asks the API for a token of granted permissions and passes it on', async () => {
    const given = deps();
    expect(
      await answer(
        { type: 'module:request:token', permissions: ['hello.greeting.read'], ttl_seconds: 120 },
        given,
      ),
    ).toStrictEqual({ type: 'host:token', ...TOKEN });
    expect(given.requestToken).toHaveBeenCalledWith({
      permissions: ['hello.greeting.read'],
      ttl_seconds: 120,
    });
  });

  it('refuses a permission not granted to UI tokens without asking the API', async () => {
    const given = deps();
    expect(
      await answer(
        {
          type: 'module:request:token',
          permissions: ['hello.greeting.read', 'hello.notes.delete'],
        },
        given,
      ),
    ).toStrictEqual({
      type: 'host:refusal',
      code: 'PERMISSION_DENIED',
      message: "Not granted to hello's UI tokens for you: hello.notes.delete",
    });
    expect(given.requestToken).not.toHaveBeenCalled();
  });

  it("passes the API's refusal on with its code, a network failure as SERVICE_UNAVAILABLE", async () => {
    const request = { type: 'module:request:token', permissions: ['hello.greeting.read'] };
    const refused = deps({ ok: false, code: 'RATE_LIMITED', message: 'Too many requests.' });
    expect(await answer(request, refused)).toStrictEqual({
      type: 'host:refusal',
      code: 'RATE_LIMITED',
      message: 'Too many requests.',
    });
    const offline = deps({
      ok: false,
      code: 'NETWORK_ERROR',
      message: 'Could not reach the server.',
    });
    expect(await answer(request, offline)).toStrictEqual({
      type: 'host:refusal',
      code: 'SERVICE_UNAVAILABLE',
      message: 'Could not reach the server.',
    });
  });

  it('refuses to pass on a token answer that is not a ModuleToken', async () => {
    const request = { type: 'module:request:token', permissions: ['hello.greeting.read'] };
    expect(await answer(request, deps({ ok: true, data: { token: '' } }))).toMatchObject({
      type: 'host:refusal',
      code: 'INTERNAL_ERROR',
    });
  });
});

describe('the handshake', () => {
  it('greets with the protocol, module, workspace and page path', () => {
    expect(hostInitOf({ module_key: 'hello', workspace_id: WORKSPACE }, '/notes/1')).toStrictEqual({
      type: 'host:init',
      protocol_version: BRIDGE_PROTOCOL_VERSION,
      module_key: 'hello',
      workspace_id: WORKSPACE,
      path: '/notes/1',
    });
  });

  it('accepts module:ready of the same major version only', () => {
    expect(readyFailure({ type: 'module:ready', protocol_version: '1.4.2' })).toBeNull();
    expect(readyFailure({ type: 'module:ready', protocol_version: '2.0.0' })).toMatchObject({
      reason: 'protocol_mismatch',
      message: `The module speaks bridge protocol 2.0.0; this shell speaks ${BRIDGE_PROTOCOL_VERSION}.`,
    });
    for (const raw of [undefined, 'ready', { type: 'module:ready' }, { type: 'host:init' }]) {
      expect(readyFailure(raw)).toMatchObject({ reason: 'invalid_ready' });
    }
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createComposioClient } from '../../src/providers/composio-client';
import { createComposioProvider } from '../../src/providers/composio-provider';
import { ProviderUnavailableError, type IntegrationProvider } from '../../src/providers/provider';
import { createProviderRegistry } from '../../src/providers/provider-registry';
import { startComposioStandIn, type RunningComposioStandIn } from '../../src/testing';

let standIn: RunningComposioStandIn;
let provider: IntegrationProvider;
const closers: (() => Promise<void>)[] = [];

function providerAt(baseUrl: string, apiKey: string, timeoutMs = 2_000): IntegrationProvider {
  const client = createComposioClient({ baseUrl, apiKey, timeoutMs });
  closers.push(() => client.close());
  return createComposioProvider(client);
}

beforeAll(async () => {
  // `slow` answers after 20 s: the 200 ms client timeout below is told apart from it by 10 s.
  standIn = await startComposioStandIn({ slowMs: 20_000 });
  provider = providerAt(standIn.url, standIn.apiKey);
});
afterEach(() => standIn.setFailure(null));
afterAll(async () => {
  for (const close of closers) await close();
  await standIn?.close();
});

const CALLBACK = 'http://localhost:3000/api/integrations/providers/composio/callback?state=abc';

async function initiate(alias: string) {
  return provider.initiate({
    authConfigRef: 'ac_standin_github',
    userRef: 'ws:11111111-1111-4111-8111-111111111111',
    alias,
    callbackUrl: CALLBACK,
    scopes: ['repo'],
  });
}

/** The browser's part: open the hosted page, press a button, follow nothing. */
async function decide(redirectUrl: string, decision: 'allow' | 'deny') {
  const page = await fetch(redirectUrl);
  const html = await page.text();
  const answer = await fetch(redirectUrl, {
    method: 'POST',
    body: new URLSearchParams({ decision }),
    redirect: 'manual',
  });
  return { page, html, answer, location: answer.headers.get('location') ?? '' };
}

async function unavailable(promise: Promise<unknown>) {
  const error: unknown = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ProviderUnavailableError);
  return error as ProviderUnavailableError;
}

describe('Composio provider against the stand-in', () => {
  it('initiates a hosted link, activates on Allow, reads the credential, revokes idempotently', async () => {
    const link = await initiate('main');
    expect(link.providerConnectionId).toMatch(/^ca_/);
    expect(link.redirectUrl.startsWith(`${standIn.url}/link/`)).toBe(true);
    expect(link.expiresAt?.getTime()).toBeGreaterThan(Date.now());
    const account = standIn.accounts.get(link.providerConnectionId);
    expect(account).toMatchObject({
      userId: 'ws:11111111-1111-4111-8111-111111111111',
      alias: 'main',
      toolkit: 'github',
      callbackUrl: CALLBACK,
    });
    expect(await provider.status(link.providerConnectionId)).toEqual({ status: 'initiated' });

    const { page, html, answer, location } = await decide(link.redirectUrl, 'allow');
    expect(page.status).toBe(200);
    expect(html).toContain('Composio stand-in (local)');
    expect(html).toContain('Connect github as main');
    expect(answer.status).toBe(303);
    const back = new URL(location);
    expect(back.origin + back.pathname).toBe(CALLBACK.split('?')[0]);
    expect(back.searchParams.get('state')).toBe('abc');
    expect(back.searchParams.get('status')).toBe('success');
    expect(back.searchParams.get('connected_account_id')).toBe(link.providerConnectionId);

    expect(await provider.status(link.providerConnectionId)).toEqual({ status: 'active' });
    const credential = await provider.credential(link.providerConnectionId);
    expect(credential.secret.access_token).toBe(account?.accessToken);
    expect(credential.secret.access_token).toMatch(/^standin_/);
    expect(credential.secret).not.toHaveProperty('status');
    expect(credential.expiresAt?.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);

    // The link is single-use.
    expect((await fetch(link.redirectUrl)).status).toBe(410);

    await provider.revoke(link.providerConnectionId);
    expect(standIn.accounts.has(link.providerConnectionId)).toBe(false);
    expect(await provider.status(link.providerConnectionId)).toEqual({ status: 'revoked' });
    await expect(provider.revoke(link.providerConnectionId)).resolves.toBeUndefined();
  });

  it('Deny fails the account; expiry and upstream revocation map to expired and revoked', async () => {
    const denied = await initiate('denied');
    const { location } = await decide(denied.redirectUrl, 'deny');
    expect(new URL(location).searchParams.get('status')).toBe('failed');
    expect(await provider.status(denied.providerConnectionId)).toEqual({ status: 'failed' });
    expect((await unavailable(provider.credential(denied.providerConnectionId))).reason).toBe(
      'bad_response',
    );

    const lapsing = await initiate('lapsing');
    await decide(lapsing.redirectUrl, 'allow');
    standIn.expire(lapsing.providerConnectionId);
    expect(await provider.status(lapsing.providerConnectionId)).toEqual({ status: 'expired' });

    const pulled = await initiate('pulled');
    await decide(pulled.redirectUrl, 'allow');
    standIn.revokeUpstream(pulled.providerConnectionId);
    expect(await provider.status(pulled.providerConnectionId)).toEqual({ status: 'revoked' });
  });

  it('reads the toolkit of an auth config; an unknown one is null', async () => {
    expect(await provider.authConfigToolkit('ac_standin_gmail')).toBe('gmail');
    expect(await provider.authConfigToolkit('ac_unknown')).toBeNull();
  });

  it('every failure mode is ProviderUnavailableError with its reason, the answer never in the message', async () => {
    const cases = [
      ['down', 'unreachable'],
      ['401', 'not_configured'],
      ['500', 'unreachable'],
    ] as const;
    for (const [mode, reason] of cases) {
      standIn.setFailure(mode);
      const error = await unavailable(provider.status('ca_any'));
      expect(error.reason).toBe(reason);
      expect(error.message).not.toContain('internal error');
      expect(error.message).not.toContain(standIn.apiKey);
    }
    standIn.setFailure(null);

    const wrongKey = providerAt(standIn.url, 'not-the-key');
    expect((await unavailable(wrongKey.authConfigToolkit('ac_standin_github'))).reason).toBe(
      'not_configured',
    );

    standIn.setFailure('slow');
    const impatient = providerAt(standIn.url, standIn.apiKey, 200);
    const started = Date.now();
    expect((await unavailable(impatient.status('ca_any'))).reason).toBe('unreachable');
    expect(Date.now() - started).toBeLessThan(10_000);
    standIn.setFailure(null);

    // The link call's 409 (alias taken for this user and toolkit) is an HTTP error.
    await initiate('twice');
    expect((await unavailable(initiate('twice'))).reason).toBe('http_error');

    const nowhere = providerAt('http://127.0.0.1:1', 'key');
    expect((await unavailable(nowhere.status('ca_any'))).reason).toBe('unreachable');
  });

  it('an answer that is not the documented shape is bad_response', async () => {
    let body = 'not json';
    const server: Server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    const odd = providerAt(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 'key');
    expect((await unavailable(odd.status('ca_1'))).reason).toBe('bad_response');
    body = JSON.stringify({ id: 'ca_1', status: 'SOMETHING_NEW' });
    expect((await unavailable(odd.status('ca_1'))).reason).toBe('bad_response');
    body = JSON.stringify({ connected_account_id: 'ca_1', redirect_url: 'javascript:alert(1)' });
    expect(
      (
        await unavailable(
          odd.initiate({
            authConfigRef: 'ac_1',
            userRef: 'ws:1',
            alias: 'a',
            callbackUrl: CALLBACK,
            scopes: [],
          }),
        )
      ).reason,
    ).toBe('bad_response');
    body = JSON.stringify({ id: 'ca_1', status: 'ACTIVE', state: { val: {} } });
    expect((await unavailable(odd.credential('ca_1'))).reason).toBe('bad_response');
  });
});

describe('provider registry', () => {
  it('an unconfigured backend is not_configured, answered as 503 INTEGRATION_PROVIDER_UNAVAILABLE', () => {
    const registry = createProviderRegistry({ composio: null });
    let caught: unknown;
    try {
      registry.providerFor('composio');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ProviderUnavailableError);
    const shell = (caught as ProviderUnavailableError).toShellError();
    expect(shell.status).toBe(503);
    expect(shell.toEnvelope('c-1')).toEqual({
      error: {
        code: 'INTEGRATION_PROVIDER_UNAVAILABLE',
        message: 'The integration provider is unavailable. Please try again later.',
        details: { reason: 'not_configured' },
        correlation_id: 'c-1',
      },
    });
  });

  it('a configured backend answers through its client', async () => {
    const registry = createProviderRegistry({
      composio: { baseUrl: standIn.url, apiKey: standIn.apiKey },
    });
    closers.push(() => registry.close());
    expect(await registry.providerFor('composio').authConfigToolkit('ac_standin_github')).toBe(
      'github',
    );
  });
});

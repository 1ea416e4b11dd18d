// Composio stood in on loopback (tests, and the local platform at /dev/composio): the four v3
// REST calls the shell makes (src/providers/composio-client.ts) and a hosted connect page with
// Allow / Deny, on plain node:http. Tokens are `standin_<random>`, so a test can grep for them.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type StandInAccountStatus = 'INITIATED' | 'ACTIVE' | 'EXPIRED' | 'FAILED' | 'INACTIVE';

/** One connected account as the stand-in holds it. */
export interface StandInAccount {
  id: string;
  status: StandInAccountStatus;
  toolkit: string;
  authConfigId: string;
  userId: string;
  alias: string;
  callbackUrl: string;
  linkToken: string;
  linkExpiresAt: Date;
  accessToken: string | null;
  tokenExpiresAt: Date | null;
}

/** How the API answers for now: `down` drops the connection, `slow` waits `slowMs` first. */
export type StandInFailure = 'down' | '401' | '500' | 'slow' | null;

export interface ComposioStandInOptions {
  apiKey: string;
  /** The origin (and prefix) browsers reach the stand-in at, for the hosted page's URL. */
  publicBaseUrl: string;
  /** A path prefix the stand-in is mounted under (e.g. `/dev/composio`); default none. */
  pathPrefix?: string;
  /** How long `slow` waits (default 15 s). */
  slowMs?: number;
}

export interface ComposioStandInState {
  accounts: Map<string, StandInAccount>;
  /** Every API call (not the hosted page): method and path, in arrival order. */
  calls: { method: string; path: string }[];
  setFailure(mode: StandInFailure): void;
  /** The account's grant lapses (EXPIRED, no token). */
  expire(id: string): void;
  /** The account is revoked at the provider (INACTIVE, no token). */
  revokeUpstream(id: string): void;
  /** A fresh token for an ACTIVE account, lapsing in `expiresInMs`. */
  rotate(id: string, expiresInMs: number): void;
}

export interface ComposioStandIn {
  handle(request: IncomingMessage, response: ServerResponse): Promise<void>;
  state: ComposioStandInState;
}

const LINK_TTL_MS = 10 * 60_000;
const TOKEN_TTL_MS = 60 * 60_000;
const AUTH_CONFIG = /^ac_standin_([a-z0-9]+(?:-[a-z0-9]+)*)$/;

const field = (value: unknown) => (typeof value === 'string' ? value : '');
const random = (bytes: number) => randomBytes(bytes).toString('base64url');
const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function keyMatches(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function accountJson(account: StandInAccount) {
  return {
    id: account.id,
    status: account.status,
    user_id: account.userId,
    alias: account.alias,
    toolkit: { slug: account.toolkit },
    auth_config: { id: account.authConfigId, auth_scheme: 'OAUTH2', is_composio_managed: true },
    state: {
      authScheme: 'OAUTH2',
      val:
        account.status === 'ACTIVE' && account.accessToken !== null
          ? {
              status: account.status,
              access_token: account.accessToken,
              token_type: 'bearer',
              expires_at: account.tokenExpiresAt?.toISOString(),
            }
          : { status: account.status },
    },
  };
}

/** A stand-in whose `handle` serves requests (mount it in any node:http server). */
export function createComposioStandIn(options: ComposioStandInOptions): ComposioStandIn {
  const prefix = options.pathPrefix ?? '';
  const publicBase = options.publicBaseUrl.replace(/\/$/, '');
  let failure: StandInFailure = null;
  const accounts = new Map<string, StandInAccount>();
  const calls: { method: string; path: string }[] = [];
  const mustFind = (id: string) => {
    const account = accounts.get(id);
    if (account === undefined) throw new Error(`stand-in: no account ${id}`);
    return account;
  };
  const endGrant = (id: string, status: StandInAccountStatus) => {
    const account = mustFind(id);
    account.status = status;
    account.accessToken = null;
    account.tokenExpiresAt = null;
  };

  const state: ComposioStandInState = {
    accounts,
    calls,
    setFailure: (mode) => {
      failure = mode;
    },
    expire: (id) => endGrant(id, 'EXPIRED'),
    revokeUpstream: (id) => endGrant(id, 'INACTIVE'),
    rotate: (id, expiresInMs) => {
      const account = mustFind(id);
      account.accessToken = `standin_${random(24)}`;
      account.tokenExpiresAt = new Date(Date.now() + expiresInMs);
    },
  };

  const createLink = async (request: IncomingMessage, response: ServerResponse) => {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(await readBody(request)) as Record<string, unknown>;
    } catch {
      return sendJson(response, 400, { error: { message: 'body is not JSON' } });
    }
    const authConfigId = field(body.auth_config_id);
    const toolkit = AUTH_CONFIG.exec(authConfigId)?.[1];
    const userId = field(body.user_id);
    const alias = field(body.alias);
    const callbackUrl = field(body.callback_url);
    if (toolkit === undefined)
      return sendJson(response, 404, { error: { message: 'auth config not found' } });
    if (userId === '' || alias === '' || !/^https?:\/\//.test(callbackUrl)) {
      return sendJson(response, 400, {
        error: { message: 'user_id, alias and callback_url are required' },
      });
    }
    // Composio: the alias is unique per user and toolkit within the project.
    for (const other of accounts.values()) {
      if (other.userId === userId && other.toolkit === toolkit && other.alias === alias) {
        return sendJson(response, 409, { error: { message: 'alias already in use' } });
      }
    }
    const account: StandInAccount = {
      id: `ca_${random(12)}`,
      status: 'INITIATED',
      toolkit,
      authConfigId,
      userId,
      alias,
      callbackUrl,
      linkToken: `lt_${random(24)}`,
      linkExpiresAt: new Date(Date.now() + LINK_TTL_MS),
      accessToken: null,
      tokenExpiresAt: null,
    };
    accounts.set(account.id, account);
    sendJson(response, 201, {
      link_token: account.linkToken,
      redirect_url: `${publicBase}/link/${account.linkToken}`,
      expires_at: account.linkExpiresAt.toISOString(),
      connected_account_id: account.id,
    });
  };

  const api = async (request: IncomingMessage, response: ServerResponse, path: string) => {
    const method = request.method ?? 'GET';
    calls.push({ method, path });
    if (failure === 'down') {
      request.socket.destroy();
      return;
    }
    if (failure === 'slow') {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.slowMs ?? 15_000);
        response.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      if (response.destroyed) return;
    }
    if (failure === '401' || !keyMatches(request.headers['x-api-key'], options.apiKey)) {
      return sendJson(response, 401, { error: { message: 'invalid API key' } });
    }
    if (failure === '500') return sendJson(response, 500, { error: { message: 'internal error' } });
    if (method === 'POST' && path === '/api/v3/connected_accounts/link') {
      return createLink(request, response);
    }
    const accountMatch = /^\/api\/v3\/connected_accounts\/([^/]+)$/.exec(path);
    if (accountMatch !== null) {
      const id = decodeURIComponent(accountMatch[1] ?? '');
      const account = accounts.get(id);
      if (account === undefined)
        return sendJson(response, 404, { error: { message: 'not found' } });
      if (method === 'GET') return sendJson(response, 200, accountJson(account));
      if (method === 'DELETE') {
        accounts.delete(id);
        return sendJson(response, 200, { success: true });
      }
    }
    const configMatch = /^\/api\/v3\/auth_configs\/([^/]+)$/.exec(path);
    if (configMatch !== null && method === 'GET') {
      const id = decodeURIComponent(configMatch[1] ?? '');
      const toolkit = AUTH_CONFIG.exec(id)?.[1];
      if (toolkit === undefined)
        return sendJson(response, 404, { error: { message: 'not found' } });
      return sendJson(response, 200, { id, toolkit: { slug: toolkit }, auth_scheme: 'OAUTH2' });
    }
    sendJson(response, 404, { error: { message: 'no such endpoint' } });
  };

  const hostedPage = async (request: IncomingMessage, response: ServerResponse, token: string) => {
    const account = [...accounts.values()].find((candidate) => candidate.linkToken === token);
    const usable =
      account !== undefined && account.status === 'INITIATED' && account.linkExpiresAt > new Date();
    if (!usable) {
      response.writeHead(account === undefined ? 404 : 410, { 'content-type': 'text/plain' });
      response.end('This connect link is unknown, used or expired.');
      return;
    }
    if (request.method === 'POST') {
      const decision = new URLSearchParams(await readBody(request)).get('decision');
      const allowed = decision === 'allow';
      account.status = allowed ? 'ACTIVE' : 'FAILED';
      account.accessToken = allowed ? `standin_${random(24)}` : null;
      account.tokenExpiresAt = allowed ? new Date(Date.now() + TOKEN_TTL_MS) : null;
      const back = new URL(account.callbackUrl);
      back.searchParams.set('status', allowed ? 'success' : 'failed');
      back.searchParams.set('connected_account_id', account.id);
      response.writeHead(303, { location: back.toString() });
      response.end();
      return;
    }
    const toolkit = escapeHtml(account.toolkit);
    const alias = escapeHtml(account.alias);
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Composio stand-in (local)</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem">
<h1>Composio stand-in (local)</h1>
<p>Connect ${toolkit} as ${alias}</p>
<p>This page stands in for Composio's hosted connect page: no external service is called.</p>
<form method="post">
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form></body></html>`);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    if (!url.pathname.startsWith(`${prefix}/`))
      return sendJson(response, 404, { error: { message: 'not found' } });
    const path = url.pathname.slice(prefix.length);
    try {
      const link = /^\/link\/([A-Za-z0-9_-]+)$/.exec(path);
      if (link !== null && (request.method === 'GET' || request.method === 'POST')) {
        return await hostedPage(request, response, link[1] ?? '');
      }
      if (path.startsWith('/api/')) return await api(request, response, path);
      sendJson(response, 404, { error: { message: 'not found' } });
    } catch {
      if (!response.headersSent) sendJson(response, 500, { error: { message: 'stand-in failed' } });
      else response.destroy();
    }
  };

  return { handle, state };
}

export interface RunningComposioStandIn extends ComposioStandInState {
  /** `http://127.0.0.1:<port>`: COMPOSIO_BASE_URL for the client. */
  url: string;
  apiKey: string;
  close(): Promise<void>;
}

/** Starts a stand-in on 127.0.0.1 (a free port). */
export async function startComposioStandIn(
  options: { apiKey?: string; slowMs?: number } = {},
): Promise<RunningComposioStandIn> {
  const apiKey = options.apiKey ?? `standin-key-${random(16)}`;
  const holder: { standIn?: ComposioStandIn } = {};
  const server = createServer((request, response) => {
    // handle() answers every error itself; nothing is left to reject.
    void holder.standIn?.handle(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const standIn = createComposioStandIn({ apiKey, publicBaseUrl: url, slowMs: options.slowMs });
  holder.standIn = standIn;
  return {
    ...standIn.state,
    url,
    apiKey,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

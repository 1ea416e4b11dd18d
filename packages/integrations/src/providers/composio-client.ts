import { Agent, type Dispatcher } from 'undici';
import { ProviderUnavailableError } from './provider';

// Composio's v3 REST API, only the calls the shell needs (design 13 §3), each checked against
// Composio's API reference:
// - POST /api/v3/connected_accounts/link (hosted "Connect Link"; body auth_config_id, user_id,
//   alias, callback_url; answers connected_account_id, link_token, redirect_url, expires_at):
//   https://docs.composio.dev/reference/v3/api-reference/connected-accounts/postConnectedAccountsLink
// - GET /api/v3/connected_accounts/{nanoid} (status, toolkit.slug, auth_config.id, state):
//   https://docs.composio.dev/reference/api-reference/connected-accounts/getConnectedAccountsByNanoid
// - DELETE /api/v3/connected_accounts/{nanoid} (removes the account and revokes its tokens, the
//   SDK's connectedAccounts.delete): https://docs.composio.dev/sdk-reference/type-script/models/connected-accounts
// - GET /api/v3/auth_configs/{nanoid} (toolkit.slug of an auth config).
// Authentication: header x-api-key. Only the fields named above are read; an answer without
// them is `bad_response`. No answer body is ever logged, kept or passed on.

export interface ComposioClientOptions {
  /** e.g. https://backend.composio.dev (or the local stand-in's http://localhost:3000/dev/composio). */
  baseUrl: string;
  apiKey: string;
  /** Connect, answer headers and each body pause, each at most this long (default 10 s). */
  timeoutMs?: number;
}

/** What the link call answers. */
export interface ComposioLink {
  connectedAccountId: string;
  redirectUrl: string;
  expiresAt: Date | null;
}

/** The fields of a connected account the shell reads. */
export interface ComposioAccount {
  id: string;
  /** INITIATED | ACTIVE | EXPIRED | FAILED | INACTIVE (anything else is kept as is). */
  status: string;
  toolkitSlug: string | null;
  /** The credential fields (`state.val`, or `state` itself when it has no `val`). */
  state: Readonly<Record<string, unknown>> | null;
}

export interface ComposioClient {
  createLink(input: {
    authConfigId: string;
    userId: string;
    alias: string;
    callbackUrl: string;
  }): Promise<ComposioLink>;
  /** null: Composio does not know the account (404). */
  getConnectedAccount(id: string): Promise<ComposioAccount | null>;
  /** false: Composio did not know the account (404), which counts as deleted. */
  deleteConnectedAccount(id: string): Promise<boolean>;
  /** The auth config's toolkit slug; null: no such auth config (404). */
  getAuthConfigToolkit(id: string): Promise<string | null>;
  close(): Promise<void>;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_ANSWER_BYTES = 1024 * 1024;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | null =>
  typeof value === 'string' && value.length > 0 ? value : null;

function dateOf(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A REST client of Composio's v3 API over one keep-alive undici Agent. */
export function createComposioClient(options: ComposioClientOptions): ComposioClient {
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
  const agent = new Agent({ connect: { timeout } });
  let closing: Promise<void> | undefined;

  // One call: its JSON answer, null for a 404 when `allow404`; throws ProviderUnavailableError.
  const call = async (
    what: string,
    method: Dispatcher.HttpMethod,
    path: string,
    body?: Json,
    allow404 = false,
  ): Promise<Json | null> => {
    const url = new URL(path, base);
    let answer: Dispatcher.ResponseData;
    try {
      answer = await agent.request({
        origin: url.origin,
        path: url.pathname + url.search,
        method,
        headers: {
          'x-api-key': options.apiKey,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
    } catch {
      throw new ProviderUnavailableError('unreachable', `composio ${what}: no answer`);
    }
    const status = answer.statusCode;
    if (status < 200 || status >= 300) {
      await answer.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
      if (status === 404 && allow404) return null;
      if (status === 401 || status === 403) {
        throw new ProviderUnavailableError(
          'not_configured',
          `composio ${what}: answered ${status} (API key refused)`,
        );
      }
      const reason = status >= 500 ? 'unreachable' : 'http_error';
      throw new ProviderUnavailableError(reason, `composio ${what}: answered ${status}`);
    }
    let raw: string;
    try {
      raw = await answer.body.text();
    } catch {
      throw new ProviderUnavailableError('unreachable', `composio ${what}: the answer broke off`);
    }
    if (raw.length === 0 && method === 'DELETE') return {};
    let parsed: unknown;
    try {
      parsed = raw.length > MAX_ANSWER_BYTES ? undefined : JSON.parse(raw);
    } catch {
      parsed = undefined;
    }
    if (!isObject(parsed)) {
      throw new ProviderUnavailableError('bad_response', `composio ${what}: not a JSON object`);
    }
    return parsed;
  };

  const badResponse = (what: string) =>
    new ProviderUnavailableError('bad_response', `composio ${what}: unexpected answer`);
  const idPath = (id: string) => encodeURIComponent(id);

  return {
    async createLink(input) {
      const what = 'create link';
      const json = await call(what, 'POST', 'api/v3/connected_accounts/link', {
        auth_config_id: input.authConfigId,
        user_id: input.userId,
        alias: input.alias,
        callback_url: input.callbackUrl,
      });
      const connectedAccountId = text(json?.connected_account_id);
      const redirectUrl = text(json?.redirect_url);
      if (
        connectedAccountId === null ||
        redirectUrl === null ||
        !/^https?:\/\//.test(redirectUrl)
      ) {
        throw badResponse(what);
      }
      return { connectedAccountId, redirectUrl, expiresAt: dateOf(json?.expires_at) };
    },

    async getConnectedAccount(id) {
      const what = 'get connected account';
      const json = await call(
        what,
        'GET',
        `api/v3/connected_accounts/${idPath(id)}`,
        undefined,
        true,
      );
      if (json === null) return null;
      const status = text(json.status);
      if (status === null) throw badResponse(what);
      const toolkit = isObject(json.toolkit) ? text(json.toolkit.slug) : null;
      const rawState = isObject(json.state) ? json.state : null;
      const state = rawState !== null && isObject(rawState.val) ? rawState.val : rawState;
      return { id: text(json.id) ?? id, status, toolkitSlug: toolkit, state };
    },

    async deleteConnectedAccount(id) {
      const json = await call(
        'delete connected account',
        'DELETE',
        `api/v3/connected_accounts/${idPath(id)}`,
        undefined,
        true,
      );
      return json !== null;
    },

    async getAuthConfigToolkit(id) {
      const what = 'get auth config';
      const json = await call(what, 'GET', `api/v3/auth_configs/${idPath(id)}`, undefined, true);
      if (json === null) return null;
      const slug = isObject(json.toolkit) ? text(json.toolkit.slug) : null;
      if (slug === null) throw badResponse(what);
      return slug;
    },

    // Once: a second close (a process closing twice) waits for the first.
    close: () => (closing ??= agent.close()),
  };
}

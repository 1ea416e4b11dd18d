import { randomUUID } from 'node:crypto';
import {
  setupTenantTreeDatabase,
  type TenantTree,
  type TestDatabase,
} from '@aiconnected/db/testing';
import { newSecretKeys, parseSecretKeys } from '@aiconnected/secrets';
import { afterAll, beforeAll } from 'vitest';
import type { IntegrationsDeps } from '../src/connections/integrations-deps';
import { createProviderRegistry } from '../src/providers/provider-registry';
import { startComposioStandIn, type RunningComposioStandIn } from '../src/testing';

// The connection tests' world: the standard tenant tree (agencies A and B), a Composio
// stand-in on loopback, the package's deps over it with a log that keeps every line, and the
// `github` provider config pointing at the stand-in's auth config.

/** A correlation id for one call. */
export const cid = (what: string) => `test-${what}-${randomUUID().slice(0, 8)}`;

// Shared with the modules and credentials tests.
export { actorOf, failure } from '@aiconnected/modules/testing';

export interface LoggedLine {
  level: 'info' | 'warn' | 'error';
  obj: Record<string, unknown>;
  msg: string;
}

export interface IntegrationsWorld {
  test: TestDatabase;
  tree: TenantTree;
  standIn: RunningComposioStandIn;
  deps: IntegrationsDeps;
  logged: LoggedLine[];
}

export const SCOPES = ['repo', 'read:user', 'user:email'];

/** The file's database, stand-in and deps; `world()` answers them inside tests. */
export function setupIntegrationsWorld(): () => IntegrationsWorld {
  let world: IntegrationsWorld | undefined;
  let standIn: RunningComposioStandIn | undefined;
  const registry: { close?: () => Promise<void> } = {};
  beforeAll(async () => {
    standIn = await startComposioStandIn();
  });
  setupTenantTreeDatabase(async ({ database, tree }) => {
    if (standIn === undefined) throw new Error('the stand-in did not start');
    const logged: LoggedLine[] = [];
    const providers = createProviderRegistry({
      composio: { baseUrl: standIn.url, apiKey: standIn.apiKey, timeoutMs: 2_000 },
    });
    registry.close = () => providers.close();
    const deps: IntegrationsDeps = {
      providers,
      secretKeys: parseSecretKeys(newSecretKeys()),
      callbackBaseUrl: 'http://localhost:3000',
      logger: {
        info: (obj, msg) => logged.push({ level: 'info', obj, msg }),
        warn: (obj, msg) => logged.push({ level: 'warn', obj, msg }),
        error: (obj, msg) => logged.push({ level: 'error', obj, msg }),
      },
    };
    await database.admin.query(
      `insert into public.integration_provider_configs
         (provider_key, backend, auth_config_ref, display_name, available_scopes)
       values ('github', 'composio', 'ac_standin_github', 'GitHub', $1)`,
      [JSON.stringify(SCOPES)],
    );
    world = { test: database, tree, standIn, deps, logged };
  });
  afterAll(async () => {
    await registry.close?.();
    await standIn?.close();
  });
  return () => {
    if (!world) throw new Error('setupIntegrationsWorld: not ready yet');
    return world;
  };
}

/** The browser's part of the hosted flow: press Allow or Deny; the callback's state token. */
export async function decide(redirectUrl: string, decision: 'allow' | 'deny'): Promise<string> {
  const answer = await fetch(redirectUrl, {
    method: 'POST',
    body: new URLSearchParams({ decision }),
    redirect: 'manual',
  });
  if (answer.status !== 303) throw new Error(`hosted page answered ${answer.status}`);
  return new URL(answer.headers.get('location') ?? '').searchParams.get('state') ?? '';
}

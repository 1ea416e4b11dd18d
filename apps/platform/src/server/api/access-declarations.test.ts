import { describe, expect, it } from 'vitest';
import { CAPABILITIES } from '@aiconnected/permissions';
import { describeAccess } from '@/server/api/http/access-document';
import { KEEPS_SESSION_CACHE_EXTENSION } from '@/server/api/guard/clear-session-cache';
import { ACCESS_EXTENSION, routeAccessSchema } from '@/server/api/http/access';
import { createTestApi } from '@/server/api/testing';

// Every route says who may call it (PRD §7): the `x-shell-access` extension of its operation
// in the OpenAPI document, declared with `declareAccess` next to the guard it derives.

interface Operation {
  operationId?: string;
  description?: string;
  security?: unknown[];
  [ACCESS_EXTENSION]?: unknown;
  [KEEPS_SESSION_CACHE_EXTENSION]?: unknown;
}

/** Every operation of the document the API serves. */
async function operations() {
  const { api } = createTestApi(null);
  const response = await api.request('/api/openapi.json');
  expect(response.status).toBe(200);
  const document = (await response.json()) as { paths: Record<string, Record<string, Operation>> };
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      name: `${method.toUpperCase()} ${path}`,
      method,
      operation,
    })),
  );
}

describe('the access declarations of the OpenAPI document', () => {
  it('name who may call every mutating operation', async () => {
    const undeclared = (await operations())
      .filter(({ method }) => method !== 'get' && method !== 'head')
      .filter(({ operation }) => operation[ACCESS_EXTENSION] === undefined)
      .map(({ name }) => name);
    expect(undeclared, 'mutating operations without x-shell-access').toStrictEqual([]);
  });

  it('are on every operation, each a valid declaration naming known capabilities only', async () => {
    const list = await operations();
    const invalid = list
      .filter(({ operation }) => !routeAccessSchema.safeParse(operation[ACCESS_EXTENSION]).success)
      .map(({ name, operation }) => `${name}: ${JSON.stringify(operation[ACCESS_EXTENSION])}`);
    expect(invalid, 'operations without a valid x-shell-access').toStrictEqual([]);

    const known: readonly string[] = CAPABILITIES;
    const named = list.flatMap(({ operation }) => {
      const access = routeAccessSchema.safeParse(operation[ACCESS_EXTENSION]).data;
      return access?.kind === 'capability'
        ? access.requires.flatMap((requirement) => requirement.capabilities)
        : [];
    });
    expect(named.filter((capability) => !known.includes(capability))).toStrictEqual([]);
    expect(named.length).toBeGreaterThan(0);
  });

  it('are public exactly where the operation needs no session (security: [])', async () => {
    const mismatches = (await operations())
      .filter(({ operation }) => {
        const access = routeAccessSchema.safeParse(operation[ACCESS_EXTENSION]).data;
        const open = Array.isArray(operation.security) && operation.security.length === 0;
        return (access?.kind === 'public') !== open;
      })
      .map(({ name, operation }) => `${name}: security ${JSON.stringify(operation.security)}`);
    expect(mismatches).toStrictEqual([]);
  });

  it('let exactly the two emit routes keep the caches (x-shell-keeps-session-cache)', async () => {
    // A write that keeps the session and module snapshot caches must write nothing they hold:
    // each new route declaring it is a decision to review, not a default to copy.
    const keeping = (await operations())
      .filter(({ operation }) => operation[KEEPS_SESSION_CACHE_EXTENSION] !== undefined)
      .map(({ name, operation }) => `${name}: ${String(operation[KEEPS_SESSION_CACHE_EXTENSION])}`);
    expect(keeping.sort()).toStrictEqual([
      'POST /api/events/batch: true',
      'POST /api/events: true',
    ]);
  });

  it('are shown to human readers at the end of each description', async () => {
    for (const { name, operation } of await operations()) {
      const access = routeAccessSchema.safeParse(operation[ACCESS_EXTENSION]).data;
      if (!access) continue; // reported by the test above
      const line = describeAccess(access);
      expect(operation.description?.endsWith(`\n\n${line}`), `${name}: ${line}`).toBe(true);
    }
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startComposioStandIn,
  type RunningComposioStandIn,
} from '@aiconnected/integrations/testing';
import { startHealthStandIn, type HealthStandIn } from '@aiconnected/modules/testing';
import { bearer, setupRoleTreeApiTest, signInAs } from '@/server/api/testing';
import { testIntegrationsDeps } from '@/server/api/testing/test-integrations-deps';
import { installEnabled, registerEventModules } from './events/events-test-kit';

/**
 * Every write operation of the OpenAPI document, fired at as the most privileged user of the
 * role tree (its super admin; an emitting and a consuming module registered, installed and
 * enabled in business A1, so module, gateway and event routes get past their first lookup) with bodies and path parameters a hostile or racing client could send: ids that are
 * not uuids, uuids of rows that do not exist (or are of another kind), NUL characters (Postgres
 * text cannot hold them), strings near the body limit, numbers out of every integer range,
 * arrays where objects go. Whatever the answer, it is never a 5xx: an input that reaches the
 * database is refused with a stable code, not an internal error.
 */

interface Schema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minLength?: number;
  minimum?: number;
  minItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  additionalProperties?: Schema | boolean;
}

interface Operation {
  parameters?: { name: string; in: string; schema: Schema; required?: boolean }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}

interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const WRITE_METHODS = ['post', 'put', 'patch', 'delete'];

/** Operations that end the caller's session or sign in: probed, but with a fresh token after. */
const ENDS_SESSION = new Set(['POST /api/auth/sign-out', 'POST /api/auth/impersonation/start']);

const NUL = 'a\u0000b';
/** Over every maxLength of the document and over what a btree index entry can hold (2,704 bytes). */
const LONG = 'x'.repeat(10_000);
const GONE_ID = '00000000-0000-4000-8000-000000000000';

/** Values for a string matching one of the document's patterns (the first one that matches). */
const PATTERN_SAMPLES = [
  'probe-module',
  'probe.created',
  'probe.thing.created',
  '/probe',
  'probe',
  '12345678901234567890',
  'Probe',
];

function resolve(doc: OpenApiDocument, schema: Schema): Schema {
  let current = schema;
  while (current.$ref) {
    const name = current.$ref.replace('#/components/schemas/', '');
    const target = doc.components.schemas[name];
    if (!target) throw new Error(`unknown schema ${current.$ref}`);
    current = target;
  }
  return current;
}

/** A plausible value of `schema` (`name`: its property's): the body a well-meaning client would send. */
function sample(doc: OpenApiDocument, raw: Schema, ids: Ids, depth = 0, name = ''): unknown {
  const schema = resolve(doc, raw);
  if (depth > 6) return null;
  if (ids.named[name] !== undefined) return ids.named[name];
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const alternative = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (alternative) return sample(doc, alternative, ids, depth + 1);
  if (schema.allOf?.[0]) return sample(doc, schema.allOf[0], ids, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string': {
      if (schema.format === 'uuid') return ids.workspace;
      if (schema.format === 'email') return `probe-${randomUUID().slice(0, 8)}@example.test`;
      if (schema.format === 'date-time') return new Date().toISOString();
      if (schema.format === 'uri') return 'https://example.test/probe';
      if (schema.pattern) {
        const pattern = new RegExp(schema.pattern, 'u');
        return PATTERN_SAMPLES.find((value) => pattern.test(value)) ?? 'probe';
      }
      return 'probe'.padEnd(schema.minLength ?? 0, 'x');
    }
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () =>
        schema.items ? sample(doc, schema.items, ids, depth + 1) : 'probe',
      );
    case 'object':
    case undefined: {
      if (!schema.properties) return {};
      return Object.fromEntries(
        Object.entries(schema.properties).map(([key, value]) => [
          key,
          sample(doc, value, ids, depth + 1, key),
        ]),
      );
    }
    default:
      return null;
  }
}

/** The paths of the leaves of a sampled body (`['a', 'b']` for `{a: {b: 1}}`). */
function leaves(value: unknown, path: string[] = []): string[][] {
  if (Array.isArray(value)) {
    return value.length === 0 ? [path] : [path, ...leaves(value[0], [...path, '0'])];
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) return [path];
    return entries.flatMap(([key, child]) => leaves(child, [...path, key]));
  }
  return [path];
}

function withValue(body: unknown, path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(body) as Record<string, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
  parent[path[path.length - 1] as string] = value;
  return copy;
}

interface Ids {
  /** An id of a row of the right kind (a workspace) that exists. */
  workspace: string;
  /** An id of a row of another kind (a user). */
  user: string;
  /** Values of properties and path parameters by name: the enabled module, its event. */
  named: Record<string, string>;
}

/** What hostile values replace each leaf with. */
function hostileValues(ids: Ids): unknown[] {
  return ['not-a-uuid', GONE_ID, ids.user, NUL, LONG, 2 ** 31, 1e308, -1, [], {}, null];
}

/** Path parameter values: every one goes into the path alone, the others sampled. */
function hostileParams(ids: Ids): string[] {
  return ['not-a-uuid', GONE_ID, ids.user, '%00', 'x'.repeat(4000), '1e308'];
}

interface Probe {
  label: string;
  path: string;
  init: RequestInit;
}

function probesOf(doc: OpenApiDocument, ids: Ids): Probe[] {
  const probes: Probe[] = [];
  // The operations that take the module away (disable, uninstall) last, so the routes that
  // need it enabled (events, gateway, tokens) are probed with it enabled.
  const last = (path: string) => /\/(disable|uninstall)$/.test(path);
  const paths = Object.entries(doc.paths).sort(([a], [b]) => Number(last(a)) - Number(last(b)));
  for (const [template, methods] of paths) {
    for (const [method, operation] of Object.entries(methods)) {
      if (!WRITE_METHODS.includes(method)) continue;
      const params = (operation.parameters ?? []).filter((p) => p.in === 'path');
      const paramSample = Object.fromEntries(
        params.map((p) => [p.name, String(sample(doc, p.schema, ids, 0, p.name))]),
      );
      const fill = (values: Record<string, string>) =>
        template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? 'x');
      const content = operation.requestBody?.content ?? {};
      const json = content['application/json']?.schema;
      const base = json ? sample(doc, json, ids) : undefined;
      const key = `${method.toUpperCase()} ${template}`;
      const send = (path: string, body: unknown, label: string, raw?: string) =>
        probes.push({
          label: `${key} ${label}`,
          path,
          init: {
            method: method.toUpperCase(),
            headers: {
              'content-type': content['application/octet-stream']
                ? 'application/octet-stream'
                : 'application/json',
            },
            body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
          },
        });
      // The plausible request itself.
      send(fill(paramSample), base, 'sampled');
      for (const param of params) {
        for (const value of hostileParams(ids)) {
          send(
            fill({ ...paramSample, [param.name]: value }),
            base,
            `path ${param.name}=${value.slice(0, 20)}`,
          );
        }
      }
      const path = fill(paramSample);
      if (json) {
        for (const leaf of leaves(base)) {
          for (const value of hostileValues(ids)) {
            send(
              path,
              withValue(base, leaf, value),
              `body.${leaf.join('.')}=${JSON.stringify(value).slice(0, 20)}`,
            );
          }
        }
        for (const body of [[], 'text', 0, null]) {
          send(path, body, `whole body ${JSON.stringify(body)}`);
        }
        // As raw text: `{ __proto__: ... }` in a literal sets the prototype, and JSON.stringify
        // then writes "{}", so the key would never be sent.
        send(path, undefined, 'whole body {"__proto__":{"a":1}}', '{"__proto__":{"a":1}}');
        if (typeof base === 'object' && base !== null && !Array.isArray(base)) {
          const rest = JSON.stringify(base).slice(1);
          send(
            path,
            undefined,
            'body.__proto__ beside the sampled keys',
            `{"__proto__":{"a":1}${rest === '}' ? '' : ','}${rest}`,
          );
        }
        send(path, undefined, 'body of a NUL escape', '{"\\u0000":"\\u0000"}');
        send(
          path,
          undefined,
          'body of 10 MB',
          JSON.stringify({ padding: 'x'.repeat(10 * 1024 * 1024) }),
        );
      }
    }
  }
  return probes;
}

/** Every read operation with each query and path parameter replaced by hostile text. */
function readProbesOf(doc: OpenApiDocument, ids: Ids): Probe[] {
  const probes: Probe[] = [];
  const values = [
    'not-a-uuid',
    GONE_ID,
    ids.user,
    '%00',
    'x'.repeat(4000),
    '1e308',
    '-1',
    '2147483648',
    '0000-01-01T00:00:00Z',
  ];
  for (const [template, methods] of Object.entries(doc.paths)) {
    const operation = methods.get;
    if (!operation) continue;
    const params = (operation.parameters ?? []).filter((p) => p.in === 'path' || p.in === 'query');
    const sampled = Object.fromEntries(
      params.map((p) => [p.name, String(sample(doc, p.schema, ids, 0, p.name))]),
    );
    const url = (values: Record<string, string>) => {
      const path = template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? 'x');
      const query = params
        .filter((p) => p.in === 'query')
        .map(
          (p) =>
            `${p.name}=${values[p.name] === '%00' ? '%00' : encodeURIComponent(values[p.name] ?? '')}`,
        )
        .join('&');
      return query ? `${path}?${query}` : path;
    };
    for (const param of params) {
      for (const value of values) {
        probes.push({
          label: `GET ${template} ${param.in} ${param.name}=${value.slice(0, 20)}`,
          path: url({ ...sampled, [param.name]: value }),
          init: { method: 'GET', headers: {} },
        });
      }
    }
  }
  return probes;
}

const kit = setupRoleTreeApiTest();
const { setup, ws, member } = kit;
let standIn: RunningComposioStandIn;
let targets: HealthStandIn;
let named: Record<string, string>;

beforeAll(async () => {
  targets = await startHealthStandIn();
  const modules = await registerEventModules(kit, targets);
  for (const key of [modules.emitter, modules.consumer]) {
    await installEnabled(kit, key, 'A1', 'A.agency_admin');
  }
  named = {
    key: modules.emitter,
    module: modules.emitter,
    module_key: modules.emitter,
    version: '1.0.0',
    event_name: modules.eventName,
  };
  // A configured integrations backend (its loopback stand-in), so provider writes reach the
  // database instead of stopping at INTEGRATION_PROVIDER_UNAVAILABLE not_configured (a 503).
  standIn = await startComposioStandIn();
  setup.deps.integrations = testIntegrationsDeps(standIn, setup.deps.logger);
});
afterAll(async () => {
  await setup.deps.integrations.providers.close();
  await standIn?.close();
  await targets?.close();
});

describe('hostile input at every write operation', () => {
  it('never gets a 5xx answer', async () => {
    const doc = (await (await setup.api.request('/api/openapi.json')).json()) as OpenApiDocument;
    const ids: Ids = { workspace: ws('A1').id, user: member('B.agency_admin').id, named };
    const probes = probesOf(doc, ids);
    let token = setup.tokens['S.super_admin'];
    const failures: string[] = [];
    const started = Date.now();
    for (const probe of probes) {
      const headers = { ...(probe.init.headers as Record<string, string>), ...bearer(token) };
      const response = await setup.api.request(probe.path, { ...probe.init, headers });
      const text = await response.text();
      if (response.status >= 500) failures.push(`${probe.label}: ${response.status} ${text}`);
      const key = probe.label.split(' ').slice(0, 2).join(' ');
      if (response.status === 401 || ENDS_SESSION.has(key)) {
        token = await signInAs(setup.api, member('S.super_admin'));
      }
    }
    console.log(`${probes.length} probes in ${Date.now() - started} ms`);
    expect(failures).toStrictEqual([]);
    expect(setup.logs.filter((line) => line.msg === 'unhandled error')).toStrictEqual([]);
  }, 300_000);

  it('never gets a 5xx answer at a read operation either (query and path parameters)', async () => {
    const doc = (await (await setup.api.request('/api/openapi.json')).json()) as OpenApiDocument;
    const ids: Ids = { workspace: ws('A1').id, user: member('B.agency_admin').id, named };
    const token = await signInAs(setup.api, member('S.super_admin'));
    const failures: string[] = [];
    const probes = readProbesOf(doc, ids);
    for (const probe of probes) {
      const response = await setup.api.request(probe.path, {
        ...probe.init,
        headers: bearer(token),
      });
      const text = await response.text();
      if (response.status >= 500) failures.push(`${probe.label}: ${response.status} ${text}`);
    }
    console.log(`${probes.length} read probes`);
    expect(failures).toStrictEqual([]);
  }, 300_000);
});

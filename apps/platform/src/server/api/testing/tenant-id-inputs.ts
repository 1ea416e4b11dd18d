import type { ApiApp } from '../context';

/**
 * Where an operation takes an id: `path.id`, `query.workspace_id`, `body.target_workspace_id`;
 * deeper in the body `body.member.user_id`, `body.items[].id` (an array's items), `body.map.*`
 * (any property of a map), `body` when the body itself is one.
 */
export type InputName = `${'path' | 'query' | 'body'}${string}`;

/** One input of one operation of the OpenAPI document that carries a tenant-owned id. */
export interface TenantIdInput {
  operationId: string;
  method: string;
  /** The document's path, e.g. `/api/workspaces/{id}`. */
  path: string;
  input: InputName;
}

interface Schema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  prefixItems?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  oneOf?: Schema[];
}

interface Operation {
  operationId?: string;
  parameters?: { in: string; name: string; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

/** The OpenAPI document `api` serves. */
export async function readOpenApiDocument(api: ApiApp): Promise<OpenApiDocument> {
  const response = await api.request('/api/openapi.json');
  if (response.status !== 200) throw new Error(`openapi.json answered ${response.status}`);
  return (await response.json()) as OpenApiDocument;
}

/**
 * Every input of every operation that takes a tenant-owned id. The rule: a path or query
 * parameter, or anything in the JSON request body (nested objects, array items, maps, each
 * branch of `anyOf`/`allOf`/`oneOf`, through `$ref`s to the components), whose schema is a
 * uuid (`format: uuid`). Every id the shell hands out is the uuid of a row some tenant owns
 * (workspace, membership, user, invitation, session, and whatever the next capabilities add),
 * so a route taking one is found without anyone listing it, however deep it sits; an id that is
 * free text (the audit log's `target_id` filter) is not.
 */
export function listTenantIdInputs(document: OpenApiDocument): TenantIdInput[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).flatMap(([method, operation]) => {
      const parameters = (operation.parameters ?? []).flatMap((parameter) =>
        uuidInputs(document, parameter.schema, `${parameter.in}.${parameter.name}`),
      );
      const body = uuidInputs(
        document,
        operation.requestBody?.content?.['application/json']?.schema,
        'body',
      );
      return [...new Set([...parameters, ...body])].map((input) => ({
        operationId: operation.operationId ?? `${method} ${path}`,
        method,
        path,
        input: input as InputName,
      }));
    }),
  );
}

/** The places under `at` where `schema` holds a uuid; `$ref`s already followed stop a cycle. */
function uuidInputs(
  document: OpenApiDocument,
  schema: Schema | undefined,
  at: string,
  followed: ReadonlySet<string> = new Set(),
): string[] {
  if (schema === undefined) return [];
  if (schema.$ref !== undefined) {
    if (followed.has(schema.$ref)) return [];
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = document.components?.schemas?.[name];
    return uuidInputs(document, target, at, new Set([...followed, schema.$ref]));
  }
  const inner = (child: Schema | undefined, where: string) =>
    uuidInputs(document, child, where, followed);
  const extra =
    typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
  return [
    ...(schema.format === 'uuid' ? [at] : []),
    ...Object.entries(schema.properties ?? {}).flatMap(([name, child]) =>
      inner(child, `${at}.${name}`),
    ),
    ...inner(extra, `${at}.*`),
    ...inner(schema.items, `${at}[]`),
    ...(schema.prefixItems ?? []).flatMap((child) => inner(child, `${at}[]`)),
    ...[...(schema.anyOf ?? []), ...(schema.allOf ?? []), ...(schema.oneOf ?? [])].flatMap(
      (child) => inner(child, at),
    ),
  ];
}

/**
 * The value a request gives `input` of the operation at `path` (a document path such as
 * `/api/workspaces/{id}`), or undefined when the request is not one of that operation.
 */
export function readRequestInput(
  request: { method: string; url: string; body?: unknown },
  operation: Pick<TenantIdInput, 'method' | 'path' | 'input'>,
): unknown {
  if (request.method.toLowerCase() !== operation.method) return undefined;
  const url = new URL(request.url, 'http://matrix.test');
  const names: string[] = [];
  const pattern = operation.path.replace(/[.*+?^$()|[\]\\]|\{([^}]+)\}/g, (match, name) => {
    if (typeof name !== 'string') return `\\${match}`;
    names.push(name);
    return '([^/]+)';
  });
  const matched = new RegExp(`^${pattern}$`).exec(url.pathname);
  if (!matched) return undefined;
  const [where = '', name = '', ...rest] = operation.input.replace(/\[\]/g, '.[]').split('.');
  if (where === 'path') return names.includes(name) ? matched[names.indexOf(name) + 1] : undefined;
  if (where === 'query') return url.searchParams.get(name) ?? undefined;
  return dig(request.body, operation.input === 'body' ? [] : [name, ...rest]);
}

/** The value at `steps` (`[]` the first item of an array, `*` the first value of a map). */
function dig(value: unknown, steps: string[]): unknown {
  const [step, ...rest] = steps;
  if (step === undefined) return value;
  if (typeof value !== 'object' || value === null) return undefined;
  if (step === '[]') return Array.isArray(value) ? dig(value[0], rest) : undefined;
  const record = value as Record<string, unknown>;
  if (step === '*') return dig(Object.values(record)[0], rest);
  return step in record ? dig(record[step], rest) : undefined;
}

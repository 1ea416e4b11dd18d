import type { ApiApp } from '../context';

/** Where an operation takes an id: `path.id`, `query.workspace_id`, `body.target_workspace_id`. */
export type InputName = `${'path' | 'query' | 'body'}.${string}`;

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
 * parameter, or a top-level property of the JSON request body, whose schema is a uuid
 * (`format: uuid`). Every id the shell hands out is the uuid of a row some tenant owns
 * (workspace, membership, user, invitation, session, and whatever the next capabilities add),
 * so a route taking one is found without anyone listing it; an id that is free text (the
 * audit log's `target_id` filter) is not.
 */
export function listTenantIdInputs(document: OpenApiDocument): TenantIdInput[] {
  const resolve = (schema: Schema | undefined): Schema | undefined => {
    const name = schema?.$ref?.replace('#/components/schemas/', '');
    return name === undefined ? schema : resolve(document.components?.schemas?.[name]);
  };
  const isUuid = (schema: Schema | undefined) => resolve(schema)?.format === 'uuid';

  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).flatMap(([method, operation]) => {
      const parameters = (operation.parameters ?? [])
        .filter((parameter) => isUuid(parameter.schema))
        .map((parameter) => `${parameter.in}.${parameter.name}`);
      const body = resolve(operation.requestBody?.content?.['application/json']?.schema);
      const properties = Object.entries(body?.properties ?? {})
        .filter(([, schema]) => isUuid(schema))
        .map(([name]) => `body.${name}`);
      return [...parameters, ...properties].map((input) => ({
        operationId: operation.operationId ?? `${method} ${path}`,
        method,
        path,
        input: input as InputName,
      }));
    }),
  );
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
  const [where, name] = operation.input.split('.') as ['path' | 'query' | 'body', string];
  if (where === 'path') return names.includes(name) ? matched[names.indexOf(name) + 1] : undefined;
  if (where === 'query') return url.searchParams.get(name) ?? undefined;
  const body = request.body;
  return typeof body === 'object' && body !== null && name in body
    ? (body as Record<string, unknown>)[name]
    : undefined;
}

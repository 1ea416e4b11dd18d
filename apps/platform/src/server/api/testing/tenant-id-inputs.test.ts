import { describe, expect, it } from 'vitest';
import {
  listTenantIdInputs,
  readRequestInput,
  type OpenApiDocument,
} from '@/server/api/testing/tenant-id-inputs';

// The cross-tenant matrix relies on finding every uuid input of the OpenAPI document; this
// synthetic document hides them everywhere a schema can.

const uuid = { type: 'string', format: 'uuid' };

const DOCUMENT: OpenApiDocument = {
  paths: {
    '/api/things/{id}': {
      post: {
        operationId: 'postThing',
        parameters: [
          { in: 'path', name: 'id', schema: uuid },
          { in: 'query', name: 'owner_id', schema: { $ref: '#/components/schemas/Id' } },
          { in: 'query', name: 'ids', schema: { type: 'array', items: uuid } },
          { in: 'query', name: 'label', schema: { type: 'string' } },
        ],
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  workspace_id: uuid,
                  name: { type: 'string' },
                  member: { type: 'object', properties: { user_id: uuid } },
                  items: { type: 'array', items: { $ref: '#/components/schemas/Item' } },
                  pair: { type: 'array', prefixItems: [{ type: 'string' }, uuid] },
                  by_key: { type: 'object', additionalProperties: uuid },
                  maybe: { anyOf: [uuid, { type: 'null' }] },
                  either: { oneOf: [{ type: 'object', properties: { a_id: uuid } }] },
                  both: { allOf: [{ type: 'object', properties: { b_id: uuid } }] },
                  tree: { $ref: '#/components/schemas/Node' },
                },
              },
            },
          },
        },
      },
      get: { operationId: 'getThing', parameters: [{ in: 'path', name: 'id', schema: uuid }] },
    },
    '/api/plain': { get: { operationId: 'plain' } },
  },
  components: {
    schemas: {
      Id: uuid,
      Item: { type: 'object', properties: { id: { $ref: '#/components/schemas/Id' } } },
      // A recursive schema: followed once, not forever.
      Node: {
        type: 'object',
        properties: {
          node_id: uuid,
          children: { type: 'array', items: { $ref: '#/components/schemas/Node' } },
        },
      },
    },
  },
};

describe('listTenantIdInputs', () => {
  it('finds every uuid input: parameters, nested bodies, arrays, maps, unions, references', () => {
    const found = listTenantIdInputs(DOCUMENT).map(
      ({ operationId, method, path, input }) => `${operationId} ${method} ${path} ${input}`,
    );
    expect(found.sort()).toStrictEqual(
      [
        'path.id',
        'query.owner_id',
        'query.ids[]',
        'body.workspace_id',
        'body.member.user_id',
        'body.items[].id',
        'body.pair[]',
        'body.by_key.*',
        'body.maybe',
        'body.either.a_id',
        'body.both.b_id',
        'body.tree.node_id',
      ]
        .map((input) => `postThing post /api/things/{id} ${input}`)
        .concat('getThing get /api/things/{id} path.id')
        .sort(),
    );
  });

  it('a body that is itself a uuid is the input `body`', () => {
    const document: OpenApiDocument = {
      paths: {
        '/api/x': {
          put: {
            operationId: 'putX',
            requestBody: { content: { 'application/json': { schema: uuid } } },
          },
        },
      },
    };
    expect(listTenantIdInputs(document).map(({ input }) => input)).toStrictEqual(['body']);
  });
});

describe('readRequestInput', () => {
  const operation = { method: 'post', path: '/api/things/{id}' };
  const request = {
    method: 'POST',
    url: '/api/things/p-1?owner_id=q-1&ids=q-2',
    body: {
      workspace_id: 'b-1',
      member: { user_id: 'b-2' },
      items: [{ id: 'b-3' }],
      by_key: { first: 'b-4' },
    },
  };

  it.each([
    ['path.id', 'p-1'],
    ['query.owner_id', 'q-1'],
    ['query.ids[]', 'q-2'],
    ['body.workspace_id', 'b-1'],
    ['body.member.user_id', 'b-2'],
    ['body.items[].id', 'b-3'],
    ['body.by_key.*', 'b-4'],
    ['body.maybe', undefined],
  ] as const)('reads %s', (input, value) => {
    expect(readRequestInput(request, { ...operation, input })).toBe(value);
  });

  it('reads nothing from a request of another operation', () => {
    expect(
      readRequestInput({ ...request, method: 'GET' }, { ...operation, input: 'path.id' }),
    ).toBeUndefined();
  });
});

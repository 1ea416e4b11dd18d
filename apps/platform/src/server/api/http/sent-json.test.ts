import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { describe, expect, it, vi } from 'vitest';
import { jsonBody } from './json-schemas';
import { readJsonOnce, sentJson } from './sent-json';

// The API's one JSON body reader: the validator and the handler share one parse of the body,
// in which a `__proto__` key is a plain own key; zod's validated copy drops it.

function app() {
  const api = new OpenAPIHono();
  api.use(readJsonOnce());
  const route = createRoute({
    method: 'post',
    path: '/echo',
    request: { body: jsonBody(z.object({ data: z.record(z.string(), z.unknown()) })) },
    responses: { 200: { description: 'echo' } },
  });
  api.openapi(route, async (c) => {
    const validated = c.req.valid('json');
    const sent = await sentJson(c);
    return c.json({
      same: sent === (await c.req.json()),
      validatedKeys: Object.keys(validated.data),
      sentKeys: Object.keys(sent.data as object),
    });
  });
  return api;
}

describe('readJsonOnce and sentJson', () => {
  it('parse the body once for the validator and the handler, keeping __proto__ as sent', async () => {
    const parse = vi.spyOn(JSON, 'parse');
    const response = await app().request('/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"data":{"__proto__":{"admin":true},"plain":1}}',
    });
    const parses = parse.mock.calls.filter(([text]) => String(text).startsWith('{"data"')).length;
    parse.mockRestore();
    expect(await response.json()).toStrictEqual({
      same: true,
      validatedKeys: ['plain'],
      sentKeys: ['__proto__', 'plain'],
    });
    expect(parses).toBe(1);
  });
});

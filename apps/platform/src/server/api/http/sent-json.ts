import type { Context, MiddlewareHandler } from 'hono';

/**
 * The API's one JSON body reader, installed for every request by `createApiRoot`:
 * `c.req.json()` reads and parses the body once (Hono's own parses its kept text again on each
 * call), so the route's validator and a handler that reads the body as sent share one value.
 * `JSON.parse` keeps a key `__proto__` as a plain own property (no prototype is set), and
 * `JSON.stringify` and Postgres jsonb write it back as sent.
 */
export function readJsonOnce(): MiddlewareHandler {
  return (c, next) => {
    const { req } = c;
    // One value shared by every reader (the validator, `sentJson`, handlers): never mutate it.
    // Its `__proto__` keys are own keys: never deep-merge it into other objects.
    let parsed: Promise<unknown> | undefined;
    req.json = <T>() =>
      (parsed ??= req.text().then((text) => JSON.parse(text) as unknown)) as Promise<T>;
    return next();
  };
}

/**
 * The JSON body as the client sent it: the value the route's validator validated. zod's parse
 * drops every `__proto__` key (its object and record copies skip them, so no prototype is
 * set), so `c.req.valid('json')` holds a user's JSON without them; a route that stores or
 * checks user JSON as it was sent (an event's payload, a module installation's config, an SDK
 * contract's JSON Schema) takes that value from here, its other fields from the validated
 * body (defaults applied, unknown keys gone).
 */
export async function sentJson(c: Context): Promise<Record<string, unknown>> {
  return c.req.json<Record<string, unknown>>();
}

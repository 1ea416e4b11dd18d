import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forwardRequestHeaders, forwardResponseHeaders } from '../src';

const trusted = {
  claims: 'header.payload.signature',
  correlationId: 'cid-1',
  clientAddress: '203.0.113.7',
  host: 'shell.test',
  proto: 'https' as const,
  prefix: '/api/gateway/crm',
};
const TRUSTED_HEADERS = {
  'x-shell-claims': trusted.claims,
  'x-shell-correlation-id': trusted.correlationId,
  'x-forwarded-for': trusted.clientAddress,
  'x-forwarded-host': trusted.host,
  'x-forwarded-proto': trusted.proto,
  'x-forwarded-prefix': trusted.prefix,
};

const token = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
/** A name of a family no client header may forward, in any casing. */
const forbiddenName = fc
  .oneof(
    token.map((rest) => `x-shell-${rest}`),
    token.map((rest) => `x-forwarded-${rest}`),
    fc.constantFrom(
      'forwarded',
      'x-real-ip',
      'cookie',
      'authorization',
      'host',
      'x-shell-claims',
      'x-shell-correlation-id',
      'x-forwarded-for',
      'proxy-authorization',
      'keep-alive',
      'te',
      'trailer',
      'upgrade',
      'proxy-connection',
    ),
  )
  .chain((name) =>
    fc
      .array(fc.boolean(), { minLength: name.length, maxLength: name.length })
      .map((upper) => [...name].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join('')),
  );
const value = fc.stringMatching(/^[A-Za-z0-9 ._=;,-]{0,24}$/);
const benignName = token
  .map((rest) => `x-app-${rest}`)
  .filter((name) => !name.startsWith('x-shell-'));

describe('forwardRequestHeaders', () => {
  it('no client header of a forbidden family survives, whatever the casing or Connection says', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(forbiddenName, value), { maxLength: 12 }),
        fc.array(fc.tuple(benignName, value), { maxLength: 6 }),
        fc.subarray(['x-shell-claims', 'X-Forwarded-For', 'authorization', 'cookie', 'keep-alive']),
        (forbidden, benign, connectionNames) => {
          const incoming = new Headers();
          for (const [name, v] of [...forbidden, ...benign]) incoming.append(name, v);
          const namedBenign = benign.slice(0, 1).map(([name]) => name);
          incoming.set('Connection', [...connectionNames, ...namedBenign].join(', '));
          const out = forwardRequestHeaders(incoming, trusted);
          const names = Object.keys(out);
          // Only the trusted values of the trusted names, nothing else of the families.
          for (const name of names) {
            if (/^(x-shell-|x-forwarded-)/.test(name)) {
              expect(out[name]).toBe(TRUSTED_HEADERS[name as keyof typeof TRUSTED_HEADERS]);
            }
          }
          expect(names.filter((name) => /^(x-shell-|x-forwarded-)/.test(name)).sort()).toEqual(
            Object.keys(TRUSTED_HEADERS).sort(),
          );
          for (const name of [
            'forwarded',
            'x-real-ip',
            'cookie',
            'authorization',
            'host',
            'connection',
            'keep-alive',
            'te',
            'trailer',
            'upgrade',
            'proxy-authorization',
            'proxy-connection',
          ]) {
            expect(out).not.toHaveProperty(name);
          }
          // A benign header survives unless Connection named it.
          for (const [name] of benign) {
            expect(Object.hasOwn(out, name)).toBe(!namedBenign.includes(name));
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps content headers as they are and adds the trusted ones last', () => {
    const incoming = new Headers({
      'content-type': 'application/json',
      'content-length': '12',
      accept: 'application/json',
      'X-Shell-Claims': 'forged',
      'x-forwarded-for': '10.0.0.1',
      connection: 'keep-alive, x-custom',
      'x-custom': 'hop',
      expect: '100-continue',
    });
    const out = forwardRequestHeaders(incoming, trusted);
    expect(out).toEqual({
      accept: 'application/json',
      'content-length': '12',
      'content-type': 'application/json',
      ...TRUSTED_HEADERS,
    });
  });
});

describe('forwardResponseHeaders', () => {
  it('drops hop-by-hop, Connection-named, set-cookie and x-shell-*; keeps the rest', () => {
    const out = forwardResponseHeaders({
      'content-type': 'application/problem+json',
      'content-length': '42',
      'cache-control': 'no-store',
      'set-cookie': ['a=1', 'b=2'],
      'X-Shell-User-Id': 'forged',
      connection: 'keep-alive, x-internal',
      'keep-alive': 'timeout=5',
      'transfer-encoding': 'chunked',
      'x-internal': 'secret',
      vary: ['accept', 'origin'],
    });
    expect(Object.fromEntries(out)).toEqual({
      'content-type': 'application/problem+json',
      'content-length': '42',
      'cache-control': 'no-store',
      vary: 'accept, origin',
    });
    const fromHeaders = forwardResponseHeaders(
      new Headers({ 'set-cookie': 'a=1', 'x-shell-claims': 'x', etag: '"1"' }),
    );
    expect(Object.fromEntries(fromHeaders)).toEqual({ etag: '"1"' });
  });
});

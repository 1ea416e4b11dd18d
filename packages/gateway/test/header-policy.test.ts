import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { forwardRequestHeaders, forwardResponseHeaders, shellLocation } from '../src';

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
/** A name of a family no client header may forward, in any casing, `_` for `-` or not. */
const identityName = fc
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
      'x-correlation-id',
      'x-http-method-override',
      'x-http-method',
      'x-method-override',
      'x-original-method',
      'x-original-url',
      'x-rewrite-url',
    ),
  )
  .chain((name) => fc.boolean().map((cgi) => (cgi ? name.replaceAll('-', '_') : name)));
const hopByHopName = fc.constantFrom(
  'proxy-authorization',
  'keep-alive',
  'te',
  'trailer',
  'upgrade',
  'proxy-connection',
);
const forbiddenName = fc
  .oneof(identityName, hopByHopName)
  .chain((name) =>
    fc
      .array(fc.boolean(), { minLength: name.length, maxLength: name.length })
      .map((upper) => [...name].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join('')),
  );
const value = fc.stringMatching(/^[A-Za-z0-9 ._=;,-]{0,24}$/);
const benignName = token
  .map((rest) => `x-app-${rest}`)
  .filter((name) => !name.startsWith('x-shell-'));
/** Any name with `_`: dropped (a CGI-style server reads `_` as `-`). */
const underscoreName = token.map((rest) => `x_app_${rest}`);

describe('forwardRequestHeaders', () => {
  it('no client header of a forbidden family survives, whatever the casing or Connection says', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(forbiddenName, value), { maxLength: 12 }),
        fc.array(fc.tuple(benignName, value), { maxLength: 6 }),
        fc.array(fc.tuple(underscoreName, value), { maxLength: 3 }),
        fc.subarray(['x-shell-claims', 'X-Forwarded-For', 'authorization', 'cookie', 'keep-alive']),
        (forbidden, benign, underscored, connectionNames) => {
          const incoming = new Headers();
          for (const [name, v] of [...forbidden, ...benign, ...underscored]) {
            incoming.append(name, v);
          }
          const namedBenign = benign.slice(0, 1).map(([name]) => name);
          incoming.set('Connection', [...connectionNames, ...namedBenign].join(', '));
          const out = forwardRequestHeaders(incoming, trusted);
          const names = Object.keys(out);
          // Only the trusted values of the trusted names, nothing else of the families.
          expect(names.filter((name) => name.includes('_'))).toEqual([]);
          const family = (name: string) => /^x-(shell|forwarded)-/.test(name);
          for (const name of names) {
            if (family(name)) {
              expect(out[name]).toBe(TRUSTED_HEADERS[name as keyof typeof TRUSTED_HEADERS]);
            }
          }
          expect(names.filter(family).sort()).toEqual(Object.keys(TRUSTED_HEADERS).sort());
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
            'x-http-method-override',
            'x-http-method',
            'x-method-override',
            'x-original-method',
            'x-original-url',
            'x-rewrite-url',
            'x-correlation-id',
          ]) {
            expect(out).not.toHaveProperty(name);
            expect(out).not.toHaveProperty(name.replaceAll('-', '_'));
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

const MOUNT = {
  requestUrl: 'http://127.0.0.1:4101/crm/contacts/42?x=1',
  baseUrl: 'http://127.0.0.1:4101/crm',
  prefix: '/api/gateway/crm',
};
const SHELL_POLICY = {
  'content-security-policy': "default-src 'none'; sandbox; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
};

describe('forwardResponseHeaders', () => {
  it('passes only the allowlist (and x-* not of the shell or a proxy), then the shell policy', () => {
    const out = forwardResponseHeaders(
      {
        'content-type': 'application/problem+json',
        'content-length': '42',
        'cache-control': 'no-store',
        etag: '"1"',
        vary: ['accept', 'origin'],
        'x-module-trace': 't-1',
        'X-RateLimit-Remaining': '9',
        'set-cookie': ['a=1', 'b=2'],
        'X-Shell-User-Id': 'forged',
        'x-correlation-id': 'forged',
        'x-forwarded-host': 'evil.example',
        'x-accel-redirect': '/internal/secrets',
        'x-sendfile': '/etc/passwd',
        'x-middleware-rewrite': '/admin',
        'content-security-policy': "script-src 'unsafe-inline'",
        'content-security-policy-report-only': "default-src 'none'",
        'x-content-type-options': 'sniff',
        'x-frame-options': 'ALLOWALL',
        'clear-site-data': '"cookies"',
        'access-control-allow-origin': 'https://evil.example',
        'access-control-allow-credentials': 'true',
        'cross-origin-resource-policy': 'cross-origin',
        refresh: '0;url=https://evil.example',
        link: '<https://evil.example/x.js>; rel=preload',
        'strict-transport-security': 'max-age=0',
        'referrer-policy': 'unsafe-url',
        connection: 'keep-alive, x-internal',
        'keep-alive': 'timeout=5',
        'transfer-encoding': 'chunked',
        'x-internal': 'secret',
      },
      MOUNT,
    );
    expect(out).toStrictEqual({
      'content-type': 'application/problem+json',
      'content-length': '42',
      'cache-control': 'no-store',
      etag: '"1"',
      vary: 'accept, origin',
      'x-module-trace': 't-1',
      'x-ratelimit-remaining': '9',
      ...SHELL_POLICY,
    });
    const fromHeaders = forwardResponseHeaders(
      new Headers({ 'set-cookie': 'a=1', 'x-shell-claims': 'x', etag: '"1"' }),
      MOUNT,
    );
    expect(fromHeaders).toStrictEqual({ etag: '"1"', ...SHELL_POLICY });
  });

  it('keeps a Location on the target, rewritten under the module prefix; drops any other', () => {
    const location = (value: string) =>
      forwardResponseHeaders({ location: value }, MOUNT).location ?? null;
    expect(location('/crm/contacts/43?y=2#top')).toBe('/api/gateway/crm/contacts/43?y=2#top');
    expect(location('43')).toBe('/api/gateway/crm/contacts/43');
    expect(location('../')).toBe('/api/gateway/crm/');
    expect(location('/crm')).toBe('/api/gateway/crm/');
    expect(location('http://127.0.0.1:4101/crm/done')).toBe('/api/gateway/crm/done');
    for (const away of [
      'https://evil.example/phish',
      '//evil.example/phish',
      '/\\evil.example/phish',
      'http://127.0.0.1:4102/crm/x',
      'https://127.0.0.1:4101/crm/x',
      '/other/x',
      '/crmx',
      '../../etc',
      '/crm/%2e%2e/admin',
      'javascript:alert(1)',
      'http://[::1',
    ]) {
      expect(location(away), away).toBeNull();
    }
    expect(shellLocation('/a', { ...MOUNT, baseUrl: 'http://127.0.0.1:4101/' })).toBe(
      '/api/gateway/crm/a',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { ShellError } from '@aiconnected/sdk-contracts';
import { normalizeDomainHost } from '../../src/domains';

const rules = { platformRoot: 'localhost', baseHost: 'app.aiconnected.example' };

/** The stored host, or the `DOMAIN_INVALID` reason. */
function outcome(raw: string): string {
  try {
    return normalizeDomainHost(raw, rules);
  } catch (error) {
    if (error instanceof ShellError && error.code === 'DOMAIN_INVALID') {
      return `DOMAIN_INVALID:${JSON.stringify(error.details.reason)}`;
    }
    throw error;
  }
}

describe('normalizeDomainHost', () => {
  it.each([
    ['login.acme.example', 'login.acme.example'],
    ['  Login.ACME.Example.  ', 'login.acme.example'],
    ['bücher.example', 'xn--bcher-kva.example'],
    ['BÜCHER.example', 'xn--bcher-kva.example'],
    ['a-b.c-d.example', 'a-b.c-d.example'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
    ['login.xn--nxasmq6b.com', 'login.xn--nxasmq6b.com'],
  ])('stores %j as %j', (raw, stored) => {
    expect(outcome(raw)).toBe(stored);
  });

  it.each([
    ['a..b', 'not_a_host'],
    ['-a.com', 'not_a_host'],
    ['a-.com', 'not_a_host'],
    [`${'a'.repeat(300)}.com`, 'not_a_host'],
    [`${'a.'.repeat(130)}com`, 'not_a_host'],
    ['localhost', 'not_a_host'],
    ['acme.localhost', 'reserved'],
    ['127.0.0.1', 'ip_address'],
    ['[::1]', 'ip_address'],
    ['::1', 'ip_address'],
    ['10.0.0.7.', 'ip_address'],
    ['acme.example:443', 'not_a_host'],
    ['https://acme.example', 'not_a_host'],
    ['acme.example/path', 'not_a_host'],
    ['user@acme.example', 'not_a_host'],
    ['acme .example', 'not_a_host'],
    ['acme\u0000.example', 'characters'],
    ['acme.example\n', 'characters'],
    ['', 'not_a_host'],
    ['.', 'not_a_host'],
    ['example', 'not_a_host'],
    // xn-- labels that decode to no valid internationalised label.
    ['xn--zz-invalid.example', 'idna'], // decodes to symbols
    ['login.xn--zz-invalid.example', 'idna'],
    ['xn--abc-.example', 'not_a_host'], // plain ASCII "abc" (its label ends with a hyphen)
    ['xn--ls8h.la', 'idna'], // an emoji
    ['💩.la', 'idna'],
    ['xn--a.example', 'idna'], // does not decode at all
    ['app.aiconnected.example', 'platform_domain'],
    ['x.app.aiconnected.example', 'platform_domain'],
  ])('refuses %j (%s)', (raw, reason) => {
    expect(outcome(raw)).toBe(`DOMAIN_INVALID:"${reason}"`);
  });

  it('refuses the platform root and names under it', () => {
    const own = { platformRoot: 'tenants.aiconnected.example', baseHost: 'localhost' };
    expect(() => normalizeDomainHost('acme.tenants.aiconnected.example', own)).toThrow(
      'host refused: platform_domain',
    );
    expect(() => normalizeDomainHost('Tenants.AIConnected.example.', own)).toThrow(
      'host refused: platform_domain',
    );
    expect(normalizeDomainHost('aiconnected.example', own)).toBe('aiconnected.example');
  });

  it('refuses allowed-origin hosts and, outside local mode, private suffixes', () => {
    const own = {
      platformRoot: 'tenants.aiconnected.com',
      baseHost: 'app.aiconnected.com',
      ownHosts: ['admin.aiconnected.org'],
      publicOnly: true,
    };
    const outcomes = Object.fromEntries(
      [
        'admin.aiconnected.org',
        'x.admin.aiconnected.org',
        'printer.local',
        'db.internal',
        'nas.home.arpa',
        'router.lan',
        'login.acme.example',
        'acme.test',
        'login.acme.com',
      ].map((host) => {
        try {
          return [host, normalizeDomainHost(host, own)];
        } catch (error) {
          return [host, (error as ShellError).details.reason];
        }
      }),
    );
    expect(outcomes).toStrictEqual({
      'admin.aiconnected.org': 'platform_domain',
      'x.admin.aiconnected.org': 'platform_domain',
      'printer.local': 'reserved',
      'db.internal': 'reserved',
      'nas.home.arpa': 'reserved',
      'router.lan': 'reserved',
      'login.acme.example': 'reserved',
      'acme.test': 'reserved',
      'login.acme.com': 'login.acme.com',
    });
    // Local mode (no publicOnly): test names work, e.g. against a DNS stand-in.
    expect(normalizeDomainHost('login.acme.example', { ...own, publicOnly: false })).toBe(
      'login.acme.example',
    );
  });

  it('answers a clear message with the reason', () => {
    try {
      normalizeDomainHost('127.0.0.1', rules);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ShellError);
      expect((error as ShellError).toEnvelope('c-1')).toStrictEqual({
        error: {
          code: 'DOMAIN_INVALID',
          message: 'Use a domain name, not an IP address.',
          correlation_id: 'c-1',
          details: { reason: 'ip_address' },
        },
      });
    }
  });
});

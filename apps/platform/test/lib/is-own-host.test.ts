import { describe, expect, it } from 'vitest';
import { isOwnHost } from '@/server/is-own-host';

const BASE_URL = 'http://devbox.example:3000';

describe('isOwnHost', () => {
  it.each(['localhost:3000', 'localhost', '127.0.0.1:3100', '[::1]:3000', 'app.localhost:3000'])(
    'accepts the loopback name %s',
    (host) => {
      expect(isOwnHost(host, BASE_URL)).toBe(true);
    },
  );

  it('accepts the host of the public base URL', () => {
    expect(isOwnHost('devbox.example:3000', BASE_URL)).toBe(true);
  });

  it.each([
    ['a rebound name', 'evil.example:3000'],
    ['a name that ends like localhost', 'evillocalhost:3000'],
    ['another loopback address', '127.0.0.2:3000'],
    ['no Host header', undefined],
    ['an empty Host header', ''],
    ['a malformed Host header', 'a b:3000'],
  ])('refuses %s', (_, host) => {
    expect(isOwnHost(host, BASE_URL)).toBe(false);
  });
});

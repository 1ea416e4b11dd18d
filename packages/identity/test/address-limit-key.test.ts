import { addressLimitKey } from '@aiconnected/identity';
import { describe, expect, it } from 'vitest';

describe('addressLimitKey', () => {
  it('keys an IPv4 address by itself, also when it arrives IPv4-mapped', () => {
    expect(addressLimitKey('203.0.113.5')).toBe('ip:203.0.113.5');
    expect(addressLimitKey('::ffff:203.0.113.5')).toBe('ip:203.0.113.5');
  });

  it('keys an IPv6 address by its /64, however it is written', () => {
    expect(addressLimitKey('2001:db8:abcd:12:1:2:3:4')).toBe('ip:2001:db8:abcd:12::/64');
    expect(addressLimitKey('2001:0db8:abcd:0012:ffff::1')).toBe('ip:2001:db8:abcd:12::/64');
    expect(addressLimitKey('2001:db8:abcd:13::1')).toBe('ip:2001:db8:abcd:13::/64');
  });

  it('keeps text that is no address as it is', () => {
    expect(addressLimitKey('unknown')).toBe('ip:unknown');
  });
});

import { unusedLoopbackPort } from '@aiconnected/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsStandIn, type DnsStandIn } from '../../src/testing';
import { lookupDomainChallenge } from '../../src/domains';

let dns: DnsStandIn;
const token = 'tok_3f9a1c7e5b2d4a6c8e0f';
const resolver = () => ({ servers: [dns.server], timeoutMs: 2000 });

beforeAll(async () => {
  dns = await startDnsStandIn();
});
afterAll(async () => {
  await dns.close();
});

describe('lookupDomainChallenge (a real DNS server on loopback)', () => {
  it('finds the token in the TXT record at _aiconnected-challenge.<host>', async () => {
    dns.publishTxt('_aiconnected-challenge.ok.acme.example', [
      'v=spf1 -all',
      `aiconnected-verification=${token}`,
    ]);
    expect(await lookupDomainChallenge('ok.acme.example', token, resolver())).toStrictEqual({
      outcome: 'verified',
      detail: 'TXT record at _aiconnected-challenge.ok.acme.example holds the token',
    });
  });

  it('joins a record split into chunks', async () => {
    dns.publishTxt('_aiconnected-challenge.chunked.acme.example', [
      ['aiconnected-verification=tok_3f9a1c', '7e5b2d4a6c8e0f'],
    ]);
    expect((await lookupDomainChallenge('chunked.acme.example', token, resolver())).outcome).toBe(
      'verified',
    );
  });

  it('answers wrong_value for records without the token', async () => {
    dns.publishTxt('_aiconnected-challenge.wrong.acme.example', ['aiconnected-verification=other']);
    expect(await lookupDomainChallenge('wrong.acme.example', token, resolver())).toStrictEqual({
      outcome: 'wrong_value',
      detail: 'TXT record at _aiconnected-challenge.wrong.acme.example does not hold the token',
    });
  });

  it('answers no_record for a name that does not exist, or has no TXT record', async () => {
    dns.publishTxt('_aiconnected-challenge.empty.acme.example', []);
    const missing = await lookupDomainChallenge('missing.acme.example', token, resolver());
    const empty = await lookupDomainChallenge('empty.acme.example', token, resolver());
    expect([missing, empty]).toStrictEqual([
      {
        outcome: 'no_record',
        detail: 'no TXT record at _aiconnected-challenge.missing.acme.example',
      },
      {
        outcome: 'no_record',
        detail: 'no TXT record at _aiconnected-challenge.empty.acme.example',
      },
    ]);
  });

  it('answers resolver_unreachable when the server is down', async () => {
    // A UDP port nobody binds: not one just released by bind(0), which another test could take.
    const down = { servers: [`127.0.0.1:${await unusedLoopbackPort('udp')}`], timeoutMs: 500 };
    const result = await lookupDomainChallenge('ok.acme.example', token, down);
    expect(result.outcome).toBe('resolver_unreachable');
    expect(result.detail).toMatch(/^DNS resolver did not answer \((ECONNREFUSED|ETIMEOUT)\)$/);
  });
});

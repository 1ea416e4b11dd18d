import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { DomainRecord } from '@aiconnected/sdk-contracts';
import { DomainCard } from './domain-card';
import { claimExpiryText } from './domain-labels';

const DAY = 86_400_000;

function domain(overrides: Partial<DomainRecord>): DomainRecord {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    workspace_id: '00000000-0000-4000-8000-000000000002',
    host: 'login.northwind.example',
    status: 'pending',
    verified_at: null,
    created_at: new Date().toISOString(),
    claim_expires_at: null,
    txt_record: {
      name: '_aiconnected-challenge.login.northwind.example',
      value: 'aiconnected-verification=token',
    },
    last_check: null,
    ...overrides,
  };
}

const render = (record: DomainRecord) =>
  renderToStaticMarkup(
    createElement(DomainCard, { domain: record, onChange: () => {}, onRemoved: () => {} }),
  );

describe('domain manager row: when a claim never verified expires', () => {
  it('says "Expires in N days unless verified" for a pending claim, nothing for a verified domain', () => {
    const soon = new Date(Date.now() + 3 * DAY - 60_000).toISOString();
    expect(render(domain({ claim_expires_at: soon }))).toContain(
      'Expires in 3 days unless verified.',
    );
    const verified = render(
      domain({ status: 'verified', verified_at: new Date().toISOString(), claim_expires_at: null }),
    );
    expect(verified).not.toContain('Expires');
    expect(verified).toContain('Verified');
  });

  it('counts whole days up, says one day, and says when the claim has lapsed', () => {
    const now = new Date('2026-12-06T12:00:00Z');
    const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
    expect([
      claimExpiryText(at(7 * DAY), now),
      claimExpiryText(at(2 * 3_600_000), now),
      claimExpiryText(at(-1), now),
      claimExpiryText(null, now),
    ]).toStrictEqual([
      'Expires in 7 days unless verified.',
      'Expires in 1 day unless verified.',
      'Claim expired: verify now, or the host is released for anyone to add.',
      null,
    ]);
  });
});

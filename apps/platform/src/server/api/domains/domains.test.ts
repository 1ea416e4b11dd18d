import { randomUUID } from 'node:crypto';
import { startDnsStandIn, type DnsStandIn } from '@aiconnected/branding/testing';
import type { DomainAddResult, DomainList, DomainVerifyResult } from '@aiconnected/sdk-contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOMAIN_WRITES_PER_10_MINUTES } from '@/server/api/guard/rate-limits';
import {
  as,
  auditRow,
  auditRowsOf,
  correlationIdOf,
  expectError,
  seedRoleTree,
  setupApiTest,
  signInAll,
  snapshotTables,
  type ApiTestSetup,
  type MemberLabel,
  type RoleTree,
  type TreeKey,
} from '@aiconnected/platform/testing';

// The custom-domain endpoints (PRD §20.3) on real Postgres, with a real DNS server on loopback
// (the dns2 stand-in) that the API's resolver asks.

let dns: DnsStandIn;
let setup: ApiTestSetup<RoleTree>;
let tokens: Record<MemberLabel, string>;

beforeAll(async () => {
  dns = await startDnsStandIn();
});
afterAll(async () => {
  await dns.close();
});

setupApiTest(
  seedRoleTree,
  async (ready) => {
    setup = ready;
    tokens = await signInAll(ready.api, ready.tree);
    // The resolver is read from the config per request: point it at the stand-in.
    ready.deps.config.domains.resolver = { servers: [dns.server], timeoutMs: 2000 };
  },
  {
    config: {
      domains: {
        platformRoot: 'localhost',
        resolver: { servers: [], timeoutMs: 2000 },
        claimTtlDays: 7,
      },
    },
  },
);

const ws = (key: TreeKey) => setup.tree.workspaces[key].id;
const call = (who: MemberLabel, method: string, path: string, body?: unknown) =>
  setup.api.request(`/api${path}`, as(tokens[who], method, body));
const host = () => `login-${randomUUID().slice(0, 8)}.acme.example`;
/** `created_at` + DOMAIN_CLAIM_TTL_DAYS (7, the test config's), as the API writes it. */
const weekAfter = (iso: string) => new Date(Date.parse(iso) + 7 * 86_400_000).toISOString();
/** Moves a domain's creation `days` into the past (instead of waiting for its claim to lapse). */
const ageDomain = (id: string, days: number) =>
  setup.database.admin.query(
    `update public.workspace_domains set created_at = now() - $2 * interval '1 day' where id = $1`,
    [id, days],
  );

async function add(who: MemberLabel, workspace: TreeKey, name = host()): Promise<DomainAddResult> {
  const response = await call(who, 'POST', '/domains', { workspace_id: ws(workspace), host: name });
  expect(response.status).toBe(201);
  return (await response.json()) as DomainAddResult;
}
function publish(name: string, token: string) {
  dns.publishTxt(`_aiconnected-challenge.${name}`, [
    [`aiconnected-verification=${token.slice(0, 10)}`, token.slice(10)],
  ]);
}

describe('POST /domains', () => {
  it('adds a pending domain as an agency admin, for its business too, audited', async () => {
    const name = host();
    const response = await call('A.agency_admin', 'POST', '/domains', {
      workspace_id: ws('A1'),
      host: ` ${name.toUpperCase()}.`,
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as DomainAddResult;
    expect(body).toStrictEqual({
      domain_record: {
        id: expect.any(String),
        workspace_id: ws('A1'),
        host: name,
        status: 'pending',
        verified_at: null,
        created_at: expect.any(String),
        claim_expires_at: expect.any(String),
        txt_record: {
          name: `_aiconnected-challenge.${name}`,
          value: `aiconnected-verification=${body.verification_token}`,
        },
        last_check: null,
      },
      verification_token: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/),
    });
    expect(body.domain_record.claim_expires_at).toBe(weekAfter(body.domain_record.created_at));
    expect(await auditRowsOf(setup.database, correlationIdOf(response))).toStrictEqual([
      auditRow({
        workspace: ws('A1'),
        actor: setup.tree.members['A.agency_admin'].id,
        action: 'domain.add',
        target: { type: 'domain', id: body.domain_record.id },
        metadata: { host: name },
      }),
    ]);
  });

  it('stores unicode hosts as IDNA ASCII', async () => {
    const body = await add('A1.business_admin', 'A1', `bücher-${randomUUID().slice(0, 6)}.example`);
    expect(body.domain_record.host).toMatch(/^xn--bcher-[a-z0-9-]+\.example$/);
  });

  it.each([
    ['a..b', 'not_a_host'],
    ['-a.com', 'not_a_host'],
    [`${'a'.repeat(300)}.com`, 'not_a_host'],
    ['localhost', 'not_a_host'],
    ['127.0.0.1', 'ip_address'],
    ['[::1]', 'ip_address'],
    ['acme.localhost', 'reserved'],
    ['nul\u0000.example', 'characters'],
    ['acme.example:8080', 'not_a_host'],
    ['xn--zz-invalid.example', 'idna'],
  ])('refuses %j with DOMAIN_INVALID (%s), changing nothing', async (hostile, reason) => {
    const before = await snapshotTables(setup.database);
    const response = await call('A.agency_admin', 'POST', '/domains', {
      workspace_id: ws('A'),
      host: hostile,
    });
    await expectError(response, 'DOMAIN_INVALID', { reason }, expect.any(String) as string);
    expect(await snapshotTables(setup.database)).toStrictEqual(before);
  });

  it('refuses a claimed host with DOMAIN_ALREADY_CLAIMED, not saying by whom', async () => {
    const name = host();
    await add('B.agency_admin', 'B', name);
    const before = await snapshotTables(setup.database);
    const response = await call('A.agency_admin', 'POST', '/domains', {
      workspace_id: ws('A'),
      host: name.toUpperCase(),
    });
    await expectError(response, 'DOMAIN_ALREADY_CLAIMED', { host: name });
    expect(await snapshotTables(setup.database)).toStrictEqual(before);
  });

  it('takes a host over from another workspace’s claim that expired unverified, audited in one transaction', async () => {
    const name = host();
    const { domain_record: stale } = await add('B.agency_admin', 'B', name);
    await ageDomain(stale.id, 8);
    await setup.database.admin.query(
      `insert into public.domain_checks (domain_id, workspace_id, host, outcome) values ($1, $2, $3, 'no_record')`,
      [stale.id, ws('B'), name],
    );
    const response = await call('A.agency_admin', 'POST', '/domains', {
      workspace_id: ws('A'),
      host: name,
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as DomainAddResult;
    expect(body).toStrictEqual({
      domain_record: {
        id: expect.any(String),
        workspace_id: ws('A'),
        host: name,
        status: 'pending',
        verified_at: null,
        created_at: expect.any(String),
        claim_expires_at: weekAfter(body.domain_record.created_at),
        txt_record: {
          name: `_aiconnected-challenge.${name}`,
          value: `aiconnected-verification=${body.verification_token}`,
        },
        last_check: null,
      },
      verification_token: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/),
    });
    const { rows: gone } = await setup.database.admin.query(
      'select id from public.workspace_domains where id = $1',
      [stale.id],
    );
    expect(gone).toStrictEqual([]);
    // Both rows carry the add's correlation id: the release (no actor, in B) and the add.
    expect(await auditRowsOf(setup.database, correlationIdOf(response))).toStrictEqual([
      auditRow({
        workspace: ws('A'),
        actor: setup.tree.members['A.agency_admin'].id,
        action: 'domain.add',
        target: { type: 'domain', id: body.domain_record.id },
        metadata: { host: name },
      }),
      auditRow({
        workspace: ws('B'),
        actor: null,
        action: 'domain.claim_expired',
        target: { type: 'domain', id: stale.id },
        metadata: {
          host: name,
          status: 'pending',
          added_at: expect.any(String),
          ttl_days: 7,
        },
      }),
    ]);
    // B's check history stays; B's list no longer has the domain.
    const { rows: history } = await setup.database.admin.query(
      'select workspace_id, host, outcome from public.domain_checks where domain_id = $1',
      [stale.id],
    );
    expect(history).toStrictEqual([{ workspace_id: ws('B'), host: name, outcome: 'no_record' }]);
    const list = await call('B.agency_admin', 'GET', `/domains?workspace_id=${ws('B')}&limit=100`);
    expect(((await list.json()) as DomainList).items.map((d) => d.id)).not.toContain(stale.id);
  });

  it('still refuses a claim not yet expired, or one verified once (lost), naming nobody; a refused add releases nothing', async () => {
    const fresh = await add('B.agency_admin', 'B');
    await ageDomain(fresh.domain_record.id, 6);
    const lost = await add('B.agency_admin', 'B');
    await setup.database.admin.query(
      `update public.workspace_domains
          set status = 'lost', verified_at = now() - interval '20 days',
              created_at = now() - interval '30 days'
        where id = $1`,
      [lost.domain_record.id],
    );
    const expired = await add('B.agency_admin', 'B');
    await ageDomain(expired.domain_record.id, 8);
    const before = await snapshotTables(setup.database);
    for (const { domain_record } of [fresh, lost]) {
      await expectError(
        await call('A.agency_admin', 'POST', '/domains', {
          workspace_id: ws('A'),
          host: domain_record.host,
        }),
        'DOMAIN_ALREADY_CLAIMED',
        { host: domain_record.host },
      );
    }
    // Without domains.manage, an expired claim is not released either.
    await expectError(
      await call('A.agency_manager', 'POST', '/domains', {
        workspace_id: ws('A'),
        host: expired.domain_record.host,
      }),
      'PERMISSION_DENIED',
      { required_permission: 'domains.manage' },
    );
    expect(await snapshotTables(setup.database)).toStrictEqual(before);
  });

  it.each<[MemberLabel, TreeKey, string]>([
    ['A.agency_manager', 'A', 'PERMISSION_DENIED'],
    ['A1.business_manager', 'A1', 'PERMISSION_DENIED'],
    ['A1.business_user', 'A1', 'PERMISSION_DENIED'],
    ['A.agency_admin', 'B', 'WORKSPACE_FORBIDDEN'],
    ['A.agency_admin', 'B1', 'WORKSPACE_FORBIDDEN'],
    ['A1.business_admin', 'A', 'WORKSPACE_FORBIDDEN'],
    ['B1.business_admin', 'A1', 'WORKSPACE_FORBIDDEN'],
  ])('%s adding to %s: %s, nothing changed', async (who, workspace, code) => {
    const before = await snapshotTables(setup.database);
    const response = await call(who, 'POST', '/domains', {
      workspace_id: ws(workspace),
      host: host(),
    });
    const body = (await response.json()) as { error: { code: string } };
    expect(body.error.code).toBe(code);
    expect(await snapshotTables(setup.database)).toStrictEqual(before);
  });

  it('answers the whole envelopes of the refusals', async () => {
    const denied = await call('A.agency_manager', 'POST', '/domains', {
      workspace_id: ws('A'),
      host: host(),
    });
    await expectError(denied, 'PERMISSION_DENIED', { required_permission: 'domains.manage' });
    const foreign = await call('A.agency_admin', 'POST', '/domains', {
      workspace_id: ws('B'),
      host: host(),
    });
    await expectError(foreign, 'WORKSPACE_FORBIDDEN', { workspace_id: ws('B') });
  });
});

describe('POST /domains/{id}/verify', () => {
  it('keeps it pending until the TXT record holds the token, then verifies (idempotent)', async () => {
    const name = host();
    const { domain_record: domain, verification_token: token } = await add(
      'A.agency_admin',
      'A',
      name,
    );
    const missing = await call('A.agency_admin', 'POST', `/domains/${domain.id}/verify`);
    await expectError(
      missing,
      'DOMAIN_VERIFICATION_FAILED',
      { reason: 'no_record', status: 'pending' },
      'No TXT record was found yet. Publish it, wait for DNS to update, and try again.',
    );
    dns.publishTxt(`_aiconnected-challenge.${name}`, ['aiconnected-verification=not-it']);
    const wrong = await call('A.agency_admin', 'POST', `/domains/${domain.id}/verify`);
    await expectError(
      wrong,
      'DOMAIN_VERIFICATION_FAILED',
      { reason: 'wrong_value', status: 'pending' },
      'A TXT record was found but it does not hold this domain’s token. Check its value and try again.',
    );
    publish(name, token);
    const ok = await call('A.agency_admin', 'POST', `/domains/${domain.id}/verify`);
    expect(ok.status).toBe(200);
    const { domain_record: verified } = (await ok.json()) as DomainVerifyResult;
    expect(verified).toMatchObject({
      status: 'verified',
      claim_expires_at: null,
      last_check: { outcome: 'verified' },
    });
    const again = await call('A.agency_admin', 'POST', `/domains/${domain.id}/verify`);
    expect(((await again.json()) as DomainVerifyResult).domain_record).toMatchObject({
      status: 'verified',
      verified_at: verified.verified_at,
    });
    expect(await auditRowsOf(setup.database, correlationIdOf(ok))).toStrictEqual([
      auditRow({
        workspace: ws('A'),
        actor: setup.tree.members['A.agency_admin'].id,
        action: 'domain.verify',
        target: { type: 'domain', id: domain.id },
        metadata: {
          host: name,
          outcome: 'verified',
          detail: `TXT record at _aiconnected-challenge.${name} holds the token`,
          status: { from: 'pending', to: 'verified' },
        },
      }),
    ]);
  });

  it('answers resolver_unreachable when the DNS server is down, the domain unharmed', async () => {
    const { domain_record: domain } = await add('A.agency_admin', 'A');
    const config = setup.deps.config.domains;
    const saved = config.resolver;
    config.resolver = { servers: ['127.0.0.1:9'], timeoutMs: 300 };
    try {
      const response = await call('A.agency_admin', 'POST', `/domains/${domain.id}/verify`);
      await expectError(
        response,
        'DOMAIN_VERIFICATION_FAILED',
        { reason: 'resolver_unreachable', status: 'pending' },
        'DNS did not answer. This is not a problem with your domain; try again in a few minutes.',
      );
    } finally {
      config.resolver = saved;
    }
  });

  it('answers NOT_FOUND claim_expired when the claim is released while DNS is asked, recording nothing', async () => {
    const name = host();
    const { domain_record: domain } = await add('A.agency_admin', 'A', name);
    await ageDomain(domain.id, 8);
    // While the verify asks DNS, another workspace adds the host: the expired claim is released.
    let taken: Response | undefined;
    dns.onNextQuery(async () => {
      taken = await call('B.agency_admin', 'POST', '/domains', {
        workspace_id: ws('B'),
        host: name,
      });
    });
    const response = await call('A.agency_admin', 'POST', `/domains/${domain.id}/verify`);
    await expectError(
      response,
      'NOT_FOUND',
      { domain_id: domain.id, reason: 'claim_expired' },
      'This domain was not verified in time, so its claim expired and the host was released. Add it again to get a new TXT record.',
    );
    expect(taken?.status).toBe(201);
    expect(await auditRowsOf(setup.database, correlationIdOf(response))).toStrictEqual([]);
    const { rows } = await setup.database.admin.query(
      'select 1 from public.domain_checks where domain_id = $1',
      [domain.id],
    );
    expect(rows).toStrictEqual([]);
  });

  it('refuses the role below, other tenants and unknown ids alike', async () => {
    const { domain_record: domain } = await add('A.agency_admin', 'A1');
    const before = await snapshotTables(setup.database);
    await expectError(
      await call('A1.business_manager', 'POST', `/domains/${domain.id}/verify`),
      'PERMISSION_DENIED',
      { required_permission: 'domains.manage' },
    );
    await expectError(
      await call('B.agency_admin', 'POST', `/domains/${domain.id}/verify`),
      'WORKSPACE_FORBIDDEN',
      { domain_id: domain.id },
    );
    const unknown = randomUUID();
    await expectError(
      await call('B.agency_admin', 'POST', `/domains/${unknown}/verify`),
      'WORKSPACE_FORBIDDEN',
      { domain_id: unknown },
    );
    expect(await snapshotTables(setup.database)).toStrictEqual(before);
  });
});

describe('domain adds and verifies are rate-limited per person', () => {
  it('refuses the 61st in 10 minutes with RATE_LIMITED, adds included, changing nothing', async () => {
    const unknown = randomUUID();
    let calls = 0;
    let response: Response;
    do {
      response = await call('A1.business_admin', 'POST', `/domains/${unknown}/verify`);
      calls += 1;
    } while (response.status === 403 && calls <= DOMAIN_WRITES_PER_10_MINUTES);
    expect(calls).toBeLessThanOrEqual(DOMAIN_WRITES_PER_10_MINUTES + 1);
    const limited = (await response.clone().json()) as {
      error: { details: { retry_after_seconds: number } };
    };
    await expectError(response, 'RATE_LIMITED', {
      retry_after_seconds: limited.error.details.retry_after_seconds,
    });
    expect(limited.error.details.retry_after_seconds).toBeGreaterThan(500);
    const before = await setup.database.admin.query(
      'select count(*)::int as n from public.workspace_domains',
    );
    const add = await call('A1.business_admin', 'POST', '/domains', {
      workspace_id: ws('A1'),
      host: host(),
    });
    expect(add.status).toBe(429);
    expect(
      await setup.database.admin.query('select count(*)::int as n from public.workspace_domains'),
    ).toMatchObject({ rows: before.rows });
    // Another person is not affected.
    expect((await call('A.agency_admin', 'POST', `/domains/${unknown}/verify`)).status).toBe(403);
  });
});

describe('GET /domains and DELETE /domains/{id}', () => {
  it('lists with the platform host and TXT records, pages, and removes (history kept)', async () => {
    await setup.database.admin.query(`update public.workspaces set slug = $2 where id = $1`, [
      ws('B1'),
      `contoso-fitness-${setup.tree.tag}`,
    ]);
    const added = [await add('B1.business_admin', 'B1'), await add('B.agency_admin', 'B1')];
    const first = await call(
      'B1.business_admin',
      'GET',
      `/domains?workspace_id=${ws('B1')}&limit=1`,
    );
    const page1 = (await first.json()) as DomainList;
    expect(page1).toStrictEqual({
      items: [added[0]?.domain_record],
      next_cursor: expect.any(String),
      platform_host: `contoso-fitness-${setup.tree.tag}.localhost`,
      // The test deployment's public URL is http://localhost:3000: its scheme and port.
      platform_url: `http://contoso-fitness-${setup.tree.tag}.localhost:3000`,
    });
    const second = await call(
      'B.agency_admin',
      'GET',
      `/domains?workspace_id=${ws('B1')}&limit=1&cursor=${page1.next_cursor ?? ''}`,
    );
    expect(((await second.json()) as DomainList).items).toStrictEqual([added[1]?.domain_record]);
    await expectError(
      await call('A.agency_admin', 'GET', `/domains?workspace_id=${ws('B1')}`),
      'WORKSPACE_FORBIDDEN',
      { workspace_id: ws('B1') },
    );
    await expectError(
      await call('B1.business_manager', 'GET', `/domains?workspace_id=${ws('B1')}`),
      'PERMISSION_DENIED',
      { required_permission: 'domains.manage' },
    );

    const id = added[0]?.domain_record.id ?? '';
    const before = await snapshotTables(setup.database);
    await expectError(
      await call('A.agency_admin', 'DELETE', `/domains/${id}`),
      'WORKSPACE_FORBIDDEN',
      {
        domain_id: id,
      },
    );
    await expectError(
      await call('B1.business_manager', 'DELETE', `/domains/${id}`),
      'PERMISSION_DENIED',
      { required_permission: 'domains.manage' },
    );
    expect(await snapshotTables(setup.database)).toStrictEqual(before);
    const removed = await call('B1.business_admin', 'DELETE', `/domains/${id}`);
    expect({ status: removed.status, body: await removed.json() }).toStrictEqual({
      status: 200,
      body: { ok: true },
    });
    expect(await auditRowsOf(setup.database, correlationIdOf(removed))).toStrictEqual([
      auditRow({
        workspace: ws('B1'),
        actor: setup.tree.members['B1.business_admin'].id,
        action: 'domain.remove',
        target: { type: 'domain', id },
        metadata: { host: added[0]?.domain_record.host, status: 'pending' },
      }),
    ]);
    await expectError(
      await call('B1.business_admin', 'DELETE', `/domains/${id}`),
      'WORKSPACE_FORBIDDEN',
      {
        domain_id: id,
      },
    );
  });

  it('refuses malformed ids and cursors with VALIDATION_BLOCKING', async () => {
    expect((await call('A.agency_admin', 'DELETE', '/domains/not-a-uuid')).status).toBe(422);
    expect(
      (await call('A.agency_admin', 'GET', `/domains?workspace_id=${ws('A')}&cursor=garbage`))
        .status,
    ).toBe(422);
    expect(
      (await call('A.agency_admin', 'POST', '/domains', { workspace_id: ws('A') })).status,
    ).toBe(422);
  });
});

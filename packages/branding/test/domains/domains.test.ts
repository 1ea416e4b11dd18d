import { randomUUID } from 'node:crypto';
import { createChannelHub } from '@aiconnected/db';
import {
  setupTenantTreeDatabase,
  type TenantTree,
  type TestDatabase,
  type TenantWorkspaceKey,
  type TenantUserKey,
} from '@aiconnected/db/testing';
import { actorOf } from '@aiconnected/modules/testing';
import type { RoleTemplate } from '@aiconnected/permissions';
import { ShellError } from '@aiconnected/sdk-contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addDomain,
  checkDueDomains,
  createHostWorkspaceCache,
  listDomains,
  removeDomain,
  resolveHostWorkspace,
  startDomainChecker,
  verifyDomain,
} from '../../src/domains';
import { applyDomainCheck } from '../../src/domains/apply-domain-check';
import { startDnsStandIn, type DnsStandIn } from '../../src/testing';

let test: TestDatabase;
let tree: TenantTree;
let dns: DnsStandIn;

setupTenantTreeDatabase((setup) => {
  ({ database: test, tree } = setup);
});
beforeAll(async () => {
  dns = await startDnsStandIn();
});
afterAll(async () => {
  await dns.close();
});

const platformRoot = 'tenants.test';
const rules = { platformRoot, baseHost: 'localhost' };
/** A local deployment's public URL: its port carries over to each platform host's URL. */
const baseUrl = 'http://localhost:3000';
const resolver = () => ({ servers: [dns.server], timeoutMs: 2000 });
const claimTtlDays = 7;

const actor = (user: TenantUserKey, workspace: TenantWorkspaceKey, role: RoleTemplate) =>
  actorOf(tree, user, workspace, role);
const agencyAdminA = () => actor('agencyAdminA', 'A', 'agency_admin');
const agencyManagerA = () => actor('agencyManagerA', 'A', 'agency_manager');
const businessAdminA1 = () => actor('businessAdminA1', 'A1', 'business_admin');
const businessManagerA1 = () => actor('businessManagerA1', 'A1', 'business_manager');
const agencyAdminB = () => actor('agencyAdminB', 'B', 'agency_admin');
const ws = (key: TenantWorkspaceKey) => tree.workspaces[key].id;

/** The error code (and `details.reason`, if any) a call rejected with. */
async function failure(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ShellError) {
      const reason = error.details.reason;
      return typeof reason === 'string' ? `${error.code}:${reason}` : error.code;
    }
    throw error;
  }
  return 'ok';
}

let hostCounter = 0;
const freshHost = () => `d${++hostCounter}-${randomUUID().slice(0, 8)}.acme.example`;

async function add(host: string, workspace: TenantWorkspaceKey = 'A', who = agencyAdminA()) {
  return addDomain(test.db, {
    actor: who,
    workspaceId: ws(workspace),
    host,
    rules,
    claimTtlDays,
    correlationId: randomUUID(),
  });
}
/** `verifyDomain` as `who` against the DNS stand-in. */
function verify(domainId: string, who = agencyAdminA()) {
  return verifyDomain(test.db, {
    actor: who,
    domainId,
    resolver: resolver(),
    claimTtlDays,
    correlationId: randomUUID(),
  });
}
function publish(host: string, token: string) {
  dns.publishTxt(`_aiconnected-challenge.${host}`, [`aiconnected-verification=${token}`]);
}
async function domainRows() {
  const { rows } = await test.admin.query(
    'select id, workspace_id, host, status from public.workspace_domains order by host',
  );
  return rows;
}
async function auditOf(targetId: string) {
  const { rows } = await test.admin.query<{ action: string; actor_user_id: string | null }>(
    `select action, actor_user_id, metadata_json - 'people' as metadata
       from public.audit_logs where target_id = $1 order by created_at, action`,
    [targetId],
  );
  return rows;
}

describe('addDomain', () => {
  it('adds a pending domain with its token and TXT record, audited', async () => {
    const host = freshHost();
    const { domain_record, verification_token } = await add(`  ${host.toUpperCase()}. `);
    expect(domain_record).toStrictEqual({
      id: expect.any(String),
      workspace_id: ws('A'),
      host,
      status: 'pending',
      verified_at: null,
      created_at: expect.any(String),
      claim_expires_at: expect.any(String),
      txt_record: {
        name: `_aiconnected-challenge.${host}`,
        value: `aiconnected-verification=${verification_token}`,
      },
      last_check: null,
    });
    expect(verification_token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    // A week (claimTtlDays) to verify before the claim on the host lapses.
    expect(Date.parse(domain_record.claim_expires_at ?? '')).toBe(
      Date.parse(domain_record.created_at) + 7 * 86_400_000,
    );
    expect(await auditOf(domain_record.id)).toStrictEqual([
      { action: 'domain.add', actor_user_id: tree.users.agencyAdminA.id, metadata: { host } },
    ]);
  });

  it('stores an IDN host as ASCII', async () => {
    const { domain_record } = await add('Bücher.Example');
    expect(domain_record.host).toBe('xn--bcher-kva.example');
  });

  it('refuses a host any workspace holds, without saying which, and changes nothing', async () => {
    const host = freshHost();
    await add(host, 'B', agencyAdminB());
    const before = await domainRows();
    expect(await failure(add(host))).toBe('DOMAIN_ALREADY_CLAIMED');
    expect(await failure(add(host.toUpperCase(), 'B', agencyAdminB()))).toBe(
      'DOMAIN_ALREADY_CLAIMED',
    );
    expect(await domainRows()).toStrictEqual(before);
  });

  it('refuses hostile hosts with DOMAIN_INVALID and its reason, before any write', async () => {
    const before = await domainRows();
    const outcomes = await Promise.all(
      ['a..b', '127.0.0.1', 'x.tenants.test', 'acme.localhost', 'a\u0000.example'].map((h) =>
        failure(add(h)),
      ),
    );
    expect(outcomes).toStrictEqual([
      'DOMAIN_INVALID:not_a_host',
      'DOMAIN_INVALID:ip_address',
      'DOMAIN_INVALID:platform_domain',
      'DOMAIN_INVALID:reserved',
      'DOMAIN_INVALID:characters',
    ]);
    expect(await domainRows()).toStrictEqual(before);
  });

  it('lets an agency admin add to its business, and refuses the role below and other tenants', async () => {
    const before = await domainRows();
    const outcomes = [
      await failure(add(freshHost(), 'A', agencyManagerA())),
      await failure(add(freshHost(), 'A1', businessManagerA1())),
      await failure(add(freshHost(), 'B', agencyAdminA())),
      await failure(add(freshHost(), 'B1', businessAdminA1())),
      await failure(add(freshHost(), 'A', businessAdminA1())),
    ];
    expect(outcomes).toStrictEqual([
      'PERMISSION_DENIED',
      'PERMISSION_DENIED',
      'WORKSPACE_FORBIDDEN',
      'WORKSPACE_FORBIDDEN',
      'WORKSPACE_FORBIDDEN',
    ]);
    expect(await domainRows()).toStrictEqual(before);
    const added = await add(freshHost(), 'A1', agencyAdminA());
    expect(added.domain_record.workspace_id).toBe(ws('A1'));
  });
});

describe('verifyDomain', () => {
  it('keeps the domain pending without the record, then verifies it once published; history kept', async () => {
    const host = freshHost();
    const { domain_record, verification_token } = await add(host);
    expect(await failure(verify(domain_record.id))).toBe('DOMAIN_VERIFICATION_FAILED:no_record');
    dns.publishTxt(`_aiconnected-challenge.${host}`, ['aiconnected-verification=someone-else']);
    expect(await failure(verify(domain_record.id))).toBe('DOMAIN_VERIFICATION_FAILED:wrong_value');
    publish(host, verification_token);
    const { domain_record: verified } = await verify(domain_record.id);
    expect(verified).toMatchObject({
      status: 'verified',
      verified_at: expect.any(String),
      last_check: { outcome: 'verified', detail: expect.stringContaining('holds the token') },
    });
    // Idempotent: verifying again re-checks and answers the record.
    const again = await verify(domain_record.id);
    expect(again.domain_record).toMatchObject({
      status: 'verified',
      verified_at: verified.verified_at,
    });
    const { rows } = await test.admin.query(
      'select outcome from public.domain_checks where domain_id = $1 order by checked_at',
      [domain_record.id],
    );
    expect(rows.map((r) => r.outcome)).toStrictEqual([
      'no_record',
      'wrong_value',
      'verified',
      'verified',
    ]);
    expect((await auditOf(domain_record.id)).map((row) => row.action)).toStrictEqual([
      'domain.add',
      'domain.verify',
      'domain.verify',
      'domain.verify',
      'domain.verify',
    ]);
  });

  it('answers resolver_unreachable without counting it against the domain', async () => {
    const { domain_record } = await add(freshHost());
    const down = { servers: ['127.0.0.1:9'], timeoutMs: 300 };
    const call = verifyDomain(test.db, {
      actor: agencyAdminA(),
      domainId: domain_record.id,
      resolver: down,
      claimTtlDays,
      correlationId: randomUUID(),
    });
    expect(await failure(call)).toBe('DOMAIN_VERIFICATION_FAILED:resolver_unreachable');
    const { rows } = await test.admin.query(
      'select status, consecutive_failures, last_check_outcome from public.workspace_domains where id = $1',
      [domain_record.id],
    );
    expect(rows).toStrictEqual([
      { status: 'pending', consecutive_failures: 0, last_check_outcome: 'resolver_unreachable' },
    ]);
  });

  it('answers an unknown id like another tenant’s, and refuses the role below', async () => {
    const { domain_record } = await add(freshHost());
    expect([
      await failure(verify(randomUUID())),
      await failure(verify(domain_record.id, agencyAdminB())),
      await failure(verify(domain_record.id, agencyManagerA())),
    ]).toStrictEqual(['WORKSPACE_FORBIDDEN', 'WORKSPACE_FORBIDDEN', 'PERMISSION_DENIED']);
  });
});

describe('removeDomain and listDomains', () => {
  it('lists a workspace’s domains in pages with its platform host; removal keeps history', async () => {
    await test.admin.query(`update public.workspaces set slug = 'northwind-dental' where id = $1`, [
      ws('A1'),
    ]);
    const hosts = [freshHost(), freshHost(), freshHost()];
    const added = [];
    for (const host of hosts) added.push(await add(host, 'A1', businessAdminA1()));
    const first = await listDomains(test.db, {
      actor: businessAdminA1(),
      workspaceId: ws('A1'),
      platformRoot,
      baseUrl,
      claimTtlDays,
      limit: 2,
    });
    expect(first.platform_host).toBe('northwind-dental.tenants.test');
    expect(first.platform_url).toBe('http://northwind-dental.tenants.test:3000');
    expect(first.next_cursor).not.toBeNull();
    // Behind the scheme's default port (production), the URL has none.
    const second = await listDomains(test.db, {
      actor: agencyAdminA(),
      workspaceId: ws('A1'),
      platformRoot,
      baseUrl: 'https://platform.example/',
      claimTtlDays,
      limit: 2,
      cursor: first.next_cursor ?? undefined,
    });
    expect(second.platform_url).toBe('https://northwind-dental.tenants.test');
    expect([...first.items, ...second.items].map((d) => d.host).slice(-3)).toStrictEqual(hosts);
    expect(second.next_cursor).toBeNull();
    expect(
      await failure(
        listDomains(test.db, {
          actor: agencyAdminB(),
          workspaceId: ws('A1'),
          platformRoot,
          baseUrl,
          claimTtlDays,
        }),
      ),
    ).toBe('WORKSPACE_FORBIDDEN');

    const target = added[0]?.domain_record.id ?? '';
    await test.admin.query(
      `insert into public.domain_checks (domain_id, workspace_id, host, outcome) values ($1, $2, $3, 'no_record')`,
      [target, ws('A1'), hosts[0]],
    );
    expect(
      await failure(
        removeDomain(test.db, {
          actor: agencyAdminB(),
          domainId: target,
          correlationId: randomUUID(),
        }),
      ),
    ).toBe('WORKSPACE_FORBIDDEN');
    expect(
      await removeDomain(test.db, {
        actor: businessAdminA1(),
        domainId: target,
        correlationId: randomUUID(),
      }),
    ).toStrictEqual({ ok: true });
    expect(
      await failure(
        removeDomain(test.db, {
          actor: businessAdminA1(),
          domainId: target,
          correlationId: randomUUID(),
        }),
      ),
    ).toBe('WORKSPACE_FORBIDDEN');
    const { rows } = await test.admin.query(
      'select count(*)::int as n from public.domain_checks where domain_id = $1',
      [target],
    );
    expect(rows).toStrictEqual([{ n: 1 }]);
    expect((await auditOf(target)).map((row) => row.action)).toStrictEqual([
      'domain.add',
      'domain.remove',
    ]);
    // The host is free again.
    expect((await add(hosts[0] ?? '', 'A')).domain_record.host).toBe(hosts[0]);
  });
});

describe('host routing', () => {
  it('routes verified domains and platform hosts only', async () => {
    await test.admin.query(`update public.workspaces set slug = 'northwind' where id = $1`, [
      ws('A'),
    ]);
    const host = freshHost();
    const { domain_record, verification_token } = await add(host, 'A');
    const resolve = (h: string) => resolveHostWorkspace(test.db, h, { platformRoot });
    expect(await resolve(host)).toBeNull();
    publish(host, verification_token);
    await verify(domain_record.id);
    expect({
      custom: await resolve(`${host.toUpperCase()}.:8443`),
      platform: await resolve('northwind.tenants.test:3000'),
      unknownSlug: await resolve('nobody.tenants.test'),
      nested: await resolve('x.northwind.tenants.test'),
      base: await resolve('localhost:3000'),
      garbage: await resolve('a b'),
    }).toStrictEqual({
      custom: { workspace_id: ws('A'), kind: 'custom' },
      platform: { workspace_id: ws('A'), kind: 'platform' },
      unknownSlug: null,
      nested: null,
      base: null,
      garbage: null,
    });
  });

  it('never brands the product’s own hosts or reserved labels, whatever a workspace’s slug', async () => {
    // A business named "Shop" where the product signs in at shop.<root>, and one that got "app".
    await test.admin.query(`update public.workspaces set slug = 'shop' where id = $1`, [ws('A1')]);
    await test.admin.query(`update public.workspaces set slug = 'app' where id = $1`, [ws('B')]);
    const options = { platformRoot, ownHosts: ['shop.tenants.test'] };
    expect({
      own: await resolveHostWorkspace(test.db, 'SHOP.tenants.test:443', options),
      reserved: await resolveHostWorkspace(test.db, 'app.tenants.test', options),
      ownWithoutOption: await resolveHostWorkspace(test.db, 'shop.tenants.test', { platformRoot }),
    }).toStrictEqual({
      own: null,
      reserved: null,
      ownWithoutOption: { workspace_id: ws('A1'), kind: 'platform' },
    });
  });

  it('the cache forgets a host as soon as its domain changes (NOTIFY)', async () => {
    const cache = createHostWorkspaceCache(test.db, {
      platformRoot,
      // 5 s (the default): at 500 ms a heartbeat step a loaded machine slows clears the cache,
      // and a cleared cache would find the verified host without the notification.
      heartbeatMs: 5000,
      hub: createChannelHub(test.db),
      // Unknown hosts kept a minute (10 s by default): only the notification can make the
      // cache find the host verified below within the polls' 15 s (a loaded machine's margin).
      unknownTtlMs: 60_000,
    });
    cache.listen();
    try {
      await expect.poll(() => cache.active, { timeout: 15_000 }).toBe(true);
      const host = freshHost();
      const { domain_record, verification_token } = await add(host, 'A');
      expect(await cache.resolve(host)).toBeNull();
      publish(host, verification_token);
      await verify(domain_record.id);
      await expect
        .poll(() => cache.resolve(host), { timeout: 15_000 })
        .toStrictEqual({
          workspace_id: ws('A'),
          kind: 'custom',
        });
      await removeDomain(test.db, {
        actor: agencyAdminA(),
        domainId: domain_record.id,
        correlationId: randomUUID(),
      });
      await expect.poll(() => cache.resolve(host), { timeout: 15_000 }).toBeNull();
    } finally {
      await cache.close();
    }
  });
});

describe('checkDueDomains (the background checker)', () => {
  const due = (id: string) =>
    test.admin.query(
      "update public.workspace_domains set next_check_at = now() - interval '1 second' where id = $1",
      [id],
    );
  const stateOf = async (id: string) =>
    (
      await test.admin.query(
        'select status, consecutive_failures from public.workspace_domains where id = $1',
        [id],
      )
    ).rows[0];

  it('verifies a pending domain, loses a verified one whose record vanished (audited), and routes no more', async () => {
    // Nothing else due: this test owns the checker's round.
    await test.admin.query('update public.workspace_domains set next_check_at = null');
    const host = freshHost();
    const { domain_record, verification_token } = await add(host, 'A');
    const id = domain_record.id;
    publish(host, verification_token);
    await due(id);
    expect(await checkDueDomains(test.db, { resolver: resolver(), claimTtlDays })).toStrictEqual({
      released: 0,
      checked: 1,
      purged: 0,
    });
    expect(await stateOf(id)).toStrictEqual({ status: 'verified', consecutive_failures: 0 });
    // Not due again until tomorrow.
    expect((await checkDueDomains(test.db, { resolver: resolver(), claimTtlDays })).checked).toBe(
      0,
    );

    dns.unpublish(`_aiconnected-challenge.${host}`);
    await due(id);
    await checkDueDomains(test.db, { resolver: resolver(), claimTtlDays });
    expect(await stateOf(id)).toStrictEqual({ status: 'verified', consecutive_failures: 1 });
    await due(id);
    await checkDueDomains(test.db, { resolver: resolver(), claimTtlDays });
    expect(await stateOf(id)).toStrictEqual({ status: 'lost', consecutive_failures: 2 });
    expect(await resolveHostWorkspace(test.db, host, { platformRoot })).toBeNull();
    const audit = await auditOf(id);
    expect(audit.map((row) => [row.action, row.actor_user_id])).toStrictEqual([
      ['domain.add', tree.users.agencyAdminA.id],
      ['domain.verify', null],
      ['domain.lost', null],
    ]);
  });

  it('builds on a verify that landed while DNS was asked, never undoes it (stale claim)', async () => {
    await test.admin.query('update public.workspace_domains set next_check_at = null');
    const host = freshHost();
    const { domain_record, verification_token } = await add(host, 'A');
    // The background round claimed the pending domain and asked DNS: nothing yet.
    const stale = { outcome: 'no_record' as const, detail: 'no TXT record' };
    // Meanwhile the owner publishes and verifies by hand.
    publish(host, verification_token);
    await verify(domain_record.id);
    const applied = await test.db.withService('test: record the stale round', (svc) =>
      applyDomainCheck(svc, domain_record.id, stale, new Date()),
    );
    expect([applied?.before.status, applied?.after.status]).toStrictEqual(['verified', 'verified']);
    expect(await stateOf(domain_record.id)).toStrictEqual({
      status: 'verified',
      consecutive_failures: 1,
    });
    expect(await resolveHostWorkspace(test.db, host, { platformRoot })).toStrictEqual({
      workspace_id: ws('A'),
      kind: 'custom',
    });
  });

  it('never checks a domain twice when two processes run at once', async () => {
    await test.admin.query('update public.workspace_domains set next_check_at = null');
    const ids = [];
    for (let i = 0; i < 4; i += 1) ids.push((await add(freshHost(), 'A')).domain_record.id);
    for (const id of ids) await due(id);
    const [a, b] = await Promise.all([
      checkDueDomains(test.db, { resolver: resolver(), claimTtlDays, batchSize: 3 }),
      checkDueDomains(test.db, { resolver: resolver(), claimTtlDays, batchSize: 3 }),
    ]);
    expect((a?.checked ?? 0) + (b?.checked ?? 0)).toBe(4);
    const { rows } = await test.admin.query(
      'select domain_id, count(*)::int as n from public.domain_checks where domain_id = any($1) group by domain_id',
      [ids],
    );
    expect(rows.map((r) => r.n)).toStrictEqual([1, 1, 1, 1]);
  });

  it('runs rounds in the background until stopped (startDomainChecker)', async () => {
    await test.admin.query('update public.workspace_domains set next_check_at = null');
    const host = freshHost();
    const { domain_record, verification_token } = await add(host, 'A');
    publish(host, verification_token);
    await due(domain_record.id);
    const checker = startDomainChecker(test.db, {
      resolver: resolver(),
      claimTtlDays,
      intervalMs: 20,
    });
    try {
      await expect
        .poll(() => stateOf(domain_record.id), { timeout: 15_000 })
        .toStrictEqual({
          status: 'verified',
          consecutive_failures: 0,
        });
    } finally {
      await checker.stop();
    }
  });

  it('deletes check history older than 365 days', async () => {
    const old = randomUUID();
    await test.admin.query(
      `insert into public.domain_checks (domain_id, workspace_id, host, checked_at, outcome)
       values ($1, $2, 'old.acme.example', now() - interval '366 days', 'no_record'),
              ($1, $2, 'old.acme.example', now() - interval '364 days', 'no_record')`,
      [old, ws('A')],
    );
    expect((await checkDueDomains(test.db, { resolver: resolver(), claimTtlDays })).purged).toBe(1);
    const { rows } = await test.admin.query(
      'select count(*)::int as n from public.domain_checks where domain_id = $1',
      [old],
    );
    expect(rows).toStrictEqual([{ n: 1 }]);
  });
});

describe('claims never verified expire (claimTtlDays)', () => {
  const age = (id: string, days: number) =>
    test.admin.query(
      `update public.workspace_domains set created_at = now() - $2 * interval '1 day' where id = $1`,
      [id, days],
    );
  const exists = async (id: string) =>
    (await test.admin.query('select 1 from public.workspace_domains where id = $1', [id]))
      .rowCount === 1;

  it('the checker releases expired pending and failed claims (audited, no actor, history kept); fresh, verified and lost ones stay', async () => {
    await test.admin.query('update public.workspace_domains set next_check_at = null');
    const pending = await add(freshHost(), 'A');
    const failed = await add(freshHost(), 'A1', businessAdminA1());
    const fresh = await add(freshHost(), 'A');
    const verified = await add(freshHost(), 'A');
    const lost = await add(freshHost(), 'A');
    for (const { domain_record, verification_token } of [verified, lost]) {
      publish(domain_record.host, verification_token);
      await verify(domain_record.id);
    }
    // A check of the pending one (its history), and states as the schedule would leave them.
    await test.db.withService('test: a missed check', (svc) =>
      applyDomainCheck(
        svc,
        pending.domain_record.id,
        { outcome: 'no_record', detail: 'no TXT record' },
        new Date(),
      ),
    );
    await test.admin.query(`update public.workspace_domains set status = 'failed' where id = $1`, [
      failed.domain_record.id,
    ]);
    await test.admin.query(`update public.workspace_domains set status = 'lost' where id = $1`, [
      lost.domain_record.id,
    ]);
    for (const { domain_record } of [pending, failed, verified, lost]) {
      await age(domain_record.id, 8);
    }
    await age(fresh.domain_record.id, 6);

    // The list says when: created_at + 7 days for a claim never verified, null otherwise.
    const listed = await listDomains(test.db, {
      actor: agencyAdminA(),
      workspaceId: ws('A'),
      platformRoot,
      baseUrl,
      claimTtlDays,
      limit: 100,
    });
    const expiry = (id: string) => listed.items.find((item) => item.id === id)?.claim_expires_at;
    expect(Date.parse(expiry(fresh.domain_record.id) ?? '') - Date.now()).toBeGreaterThan(
      86_400_000 - 60_000,
    );
    expect(Date.parse(expiry(pending.domain_record.id) ?? '')).toBeLessThan(Date.now());
    expect([expiry(verified.domain_record.id), expiry(lost.domain_record.id)]).toStrictEqual([
      null,
      null,
    ]);

    expect(await checkDueDomains(test.db, { resolver: resolver(), claimTtlDays })).toStrictEqual({
      released: 2,
      checked: 0,
      purged: 0,
    });
    expect({
      pending: await exists(pending.domain_record.id),
      failed: await exists(failed.domain_record.id),
      fresh: await exists(fresh.domain_record.id),
      verified: await exists(verified.domain_record.id),
      lost: await exists(lost.domain_record.id),
    }).toStrictEqual({ pending: false, failed: false, fresh: true, verified: true, lost: true });
    expect(await auditOf(pending.domain_record.id)).toStrictEqual([
      {
        action: 'domain.add',
        actor_user_id: tree.users.agencyAdminA.id,
        metadata: { host: pending.domain_record.host },
      },
      {
        action: 'domain.claim_expired',
        actor_user_id: null,
        metadata: {
          host: pending.domain_record.host,
          status: 'pending',
          added_at: expect.any(String),
          ttl_days: 7,
          last_check: 'no_record',
        },
      },
    ]);
    const { rows: expiredIn } = await test.admin.query(
      `select workspace_id from public.audit_logs
        where target_id = $1 and action = 'domain.claim_expired'`,
      [failed.domain_record.id],
    );
    expect(expiredIn).toStrictEqual([{ workspace_id: ws('A1') }]);
    // Its history: the earlier miss, and the last look before the release.
    const { rows: history } = await test.admin.query(
      'select host, outcome from public.domain_checks where domain_id = $1 order by checked_at',
      [pending.domain_record.id],
    );
    expect(history).toStrictEqual([
      { host: pending.domain_record.host, outcome: 'no_record' },
      { host: pending.domain_record.host, outcome: 'no_record' },
    ]);
    // Nothing more to release; the hosts are free for anyone.
    expect((await checkDueDomains(test.db, { resolver: resolver(), claimTtlDays })).released).toBe(
      0,
    );
    const retaken = await add(pending.domain_record.host, 'B', agencyAdminB());
    expect(retaken.domain_record.workspace_id).toBe(ws('B'));
  });

  it('another add of the host releases an expired claim at once; an unexpired one still refuses', async () => {
    const stale = await add(freshHost(), 'B', agencyAdminB());
    await age(stale.domain_record.id, 7.01);
    const taken = await add(stale.domain_record.host, 'A');
    expect(taken.domain_record).toMatchObject({ workspace_id: ws('A'), status: 'pending' });
    expect(await exists(stale.domain_record.id)).toBe(false);
    expect((await auditOf(stale.domain_record.id)).map((row) => row.action)).toStrictEqual([
      'domain.add',
      'domain.claim_expired',
    ]);

    const young = await add(freshHost(), 'B', agencyAdminB());
    await age(young.domain_record.id, 6.99);
    const before = await domainRows();
    expect(await failure(add(young.domain_record.host, 'A'))).toBe('DOMAIN_ALREADY_CLAIMED');
    expect(await domainRows()).toStrictEqual(before);
    expect((await auditOf(young.domain_record.id)).map((row) => row.action)).toStrictEqual([
      'domain.add',
    ]);
  });

  it('the checker looks once more before releasing: a published record verifies the claim, same token', async () => {
    await test.admin.query('update public.workspace_domains set next_check_at = null');
    const host = freshHost();
    const { domain_record, verification_token } = await add(host, 'A');
    await age(domain_record.id, 7.5);
    // Published on day 6.5, when the next automatic check was a day away; Verify never pressed.
    publish(host, verification_token);
    expect(await checkDueDomains(test.db, { resolver: resolver(), claimTtlDays })).toStrictEqual({
      released: 0,
      checked: 0,
      purged: 0,
    });
    expect(await domainRows()).toContainEqual({
      id: domain_record.id,
      workspace_id: ws('A'),
      host,
      status: 'verified',
    });
    expect(
      (await auditOf(domain_record.id)).map((row) => [row.action, row.actor_user_id]),
    ).toStrictEqual([
      ['domain.add', tree.users.agencyAdminA.id],
      ['domain.verify', null],
    ]);
    expect(await failure(add(host, 'B', agencyAdminB()))).toBe('DOMAIN_ALREADY_CLAIMED');
  });

  it('keeps an expired claim while DNS does not answer, looks again when the retry is due, then releases', async () => {
    await test.admin.query('update public.workspace_domains set next_check_at = null');
    const { domain_record } = await add(freshHost(), 'A');
    await age(domain_record.id, 8);
    const down = { servers: ['127.0.0.1:9'], timeoutMs: 300 };
    const checks = async () =>
      (
        await test.admin.query<{ outcome: string }>(
          'select outcome from public.domain_checks where domain_id = $1 order by checked_at',
          [domain_record.id],
        )
      ).rows.map((row) => row.outcome);
    expect((await checkDueDomains(test.db, { resolver: down, claimTtlDays })).released).toBe(0);
    expect(await exists(domain_record.id)).toBe(true);
    expect(await checks()).toStrictEqual(['resolver_unreachable']);
    // The next round (a minute on) does not ask again before the 15-minute retry is due.
    expect((await checkDueDomains(test.db, { resolver: down, claimTtlDays })).released).toBe(0);
    expect(await checks()).toStrictEqual(['resolver_unreachable']);
    await test.admin.query(
      "update public.workspace_domains set next_check_at = now() - interval '1 second' where id = $1",
      [domain_record.id],
    );
    expect(await checkDueDomains(test.db, { resolver: resolver(), claimTtlDays })).toMatchObject({
      released: 1,
      checked: 0,
    });
    expect(await exists(domain_record.id)).toBe(false);
    expect(await checks()).toStrictEqual(['resolver_unreachable', 'no_record']);
  });

  it('a verify recorded while the last look asks DNS keeps the claim', async () => {
    await test.admin.query('update public.workspace_domains set next_check_at = null');
    const host = freshHost();
    const { domain_record, verification_token } = await add(host, 'A');
    await age(domain_record.id, 8);
    // The checker's last look finds nothing; meanwhile the owner publishes and presses Verify.
    // The look is answered from the zone as it is after that: no record.
    dns.onNextQuery(async () => {
      publish(host, verification_token);
      await verify(domain_record.id);
      dns.unpublish(`_aiconnected-challenge.${host}`);
    });
    expect((await checkDueDomains(test.db, { resolver: resolver(), claimTtlDays })).released).toBe(
      0,
    );
    // Left as the verify made it: the look's stale miss is not recorded on top.
    const { rows } = await test.admin.query(
      'select status, consecutive_failures from public.workspace_domains where id = $1',
      [domain_record.id],
    );
    expect(rows).toStrictEqual([{ status: 'verified', consecutive_failures: 0 }]);
    expect((await auditOf(domain_record.id)).map((row) => row.action)).toStrictEqual([
      'domain.add',
      'domain.verify',
    ]);
  });

  it('a verify whose domain is released or removed while DNS is asked answers NOT_FOUND and records nothing', async () => {
    const host = freshHost();
    const { domain_record } = await add(host, 'A');
    await age(domain_record.id, 8);
    // Another workspace adds the host while the owner's verify asks DNS: the claim is released.
    dns.onNextQuery(async () => {
      await add(host, 'B', agencyAdminB());
    });
    expect(await failure(verify(domain_record.id))).toBe('NOT_FOUND:claim_expired');
    const { rows: checks } = await test.admin.query(
      'select 1 from public.domain_checks where domain_id = $1',
      [domain_record.id],
    );
    expect(checks).toStrictEqual([]);
    expect((await auditOf(domain_record.id)).map((row) => row.action)).toStrictEqual([
      'domain.add',
      'domain.claim_expired',
    ]);

    const kept = await add(freshHost(), 'A');
    dns.onNextQuery(async () => {
      await removeDomain(test.db, {
        actor: agencyAdminA(),
        domainId: kept.domain_record.id,
        correlationId: randomUUID(),
      });
    });
    expect(await failure(verify(kept.domain_record.id))).toBe('NOT_FOUND:removed');
  });

  it('a verify that lands first keeps the claim (the release skips verified rows)', async () => {
    const host = freshHost();
    const { domain_record, verification_token } = await add(host, 'A');
    await age(domain_record.id, 8);
    publish(host, verification_token);
    await verify(domain_record.id);
    expect(await failure(add(host, 'B', agencyAdminB()))).toBe('DOMAIN_ALREADY_CLAIMED');
    await checkDueDomains(test.db, { resolver: resolver(), claimTtlDays });
    expect(await exists(domain_record.id)).toBe(true);
  });
});

import type { Tx } from '@aiconnected/db';
import { describe, expect, it } from 'vitest';
import { setupRlsDatabase } from './support/rls-database';
import { insertRow, insertStatement, type Row } from './support/rows';
import { newSubscription, simpleRows } from './support/row-factories';
import { memberContext, memberNamed, userIdOf } from './support/tenant-fixture';
import { asService, attempt, inRolledBackWorkspace, summarize } from './support/transactions';

// 017: columns whose truth is a service transition (DNS verification, the upload scan,
// Stripe webhooks, job timing and authorship) are not writable by request code, even by
// holders of the table's capability. A1.business_admin holds every business capability.

const rls = setupRlsDatabase();

const admin = memberNamed('A1.business_admin');

/**
 * As A1.business_admin: seeds one row of `table` (as service) in A1 from `values`, then runs
 * each statement of `statements` against it ($1 = its id) and returns the outcomes.
 */
function probe(table: string, values: Row | ((svc: Tx) => Promise<Row>), statements: string[]) {
  return inRolledBackWorkspace(rls.test.db, memberContext(rls.fixture, admin), async (tx) => {
    const id = await asService(tx, async (svc) =>
      insertRow(svc, table, typeof values === 'function' ? await values(svc) : values),
    );
    const outcomes: string[] = [];
    for (const sql of statements) outcomes.push(summarize(await attempt(tx, sql, [id]), true));
    return outcomes;
  });
}

/** As A1.business_admin: tries to insert each row into `table` (in savepoints), returning the outcomes. */
function insertEach(table: string, rows: Row[]) {
  return inRolledBackWorkspace(rls.test.db, memberContext(rls.fixture, admin), async (tx) => {
    const outcomes: string[] = [];
    for (const row of rows) {
      const { sql, params } = insertStatement(table, row);
      outcomes.push(summarize(await attempt(tx, sql, params)));
    }
    return outcomes;
  });
}

const A1 = () => rls.fixture.workspaceIds.A1;

describe('workspace_domains: verification is a service transition', () => {
  it('a domains.manage holder cannot mark its pending domain verified, nor re-point a verified one', async () => {
    const pending = await probe('workspace_domains', simpleRows.workspace_domains(A1()), [
      "update public.workspace_domains set status = 'verified', verified_at = now() where id = $1",
      "update public.workspace_domains set verification_token = repeat('e', 32) where id = $1",
      'delete from public.workspace_domains where id = $1',
    ]);
    const verified = await probe(
      'workspace_domains',
      { ...simpleRows.workspace_domains(A1()), status: 'verified', verified_at: new Date() },
      ["update public.workspace_domains set host = 'someone-elses.example.com' where id = $1"],
    );
    expect({ pending, verified }).toStrictEqual({
      pending: ['42501', '42501', 'ok:1'],
      verified: ['42501'],
    });
  });

  it('a new domain starts pending and unverified', async () => {
    const row = simpleRows.workspace_domains(A1());
    expect(
      await insertEach('workspace_domains', [
        { ...row, status: 'verified', verified_at: new Date() },
        row,
      ]),
    ).toStrictEqual(['42501', 'ok']);
  });
});

describe('branding_assets: the scan result is owned by the service', () => {
  it('a branding.edit holder cannot mark its upload clean, nor change the stored object', async () => {
    const outcomes = await probe('branding_assets', simpleRows.branding_assets(A1()), [
      "update public.branding_assets set scan_status = 'clean', uploaded_at = now(), active = true where id = $1",
      "update public.branding_assets set storage_path = 'rls/elsewhere.png' where id = $1",
      "update public.branding_assets set mime_type = 'image/svg+xml', size_bytes = 99 where id = $1",
      // 030: the upload's facts, the scan's result and the type are the service's too.
      "update public.branding_assets set content_sha256 = repeat('a', 64), scan_engine = 'clamav' where id = $1",
      'update public.branding_assets set upload_token_sha256 = null, upload_expires_at = now() where id = $1',
      "update public.branding_assets set asset_type = 'favicon', uploaded_at = now() where id = $1",
    ]);
    expect(outcomes).toStrictEqual(['42501', '42501', '42501', '42501', '42501', '42501']);
  });

  it('uploads start pending and inactive', async () => {
    const row = simpleRows.branding_assets(A1());
    expect(
      await insertEach('branding_assets', [
        { ...row, scan_status: 'clean', uploaded_at: new Date() },
        { ...row, scan_status: 'rejected' },
        row,
      ]),
    ).toStrictEqual(['42501', '42501', 'ok']);
  });

  it('activation needs a clean scan (the CHECK), then the holder activates', async () => {
    const uploaded = { ...simpleRows.branding_assets(A1()), uploaded_at: new Date() };
    const activate = 'update public.branding_assets set active = true where id = $1';
    expect({
      pending: await probe('branding_assets', uploaded, [activate]),
      clean: await probe('branding_assets', { ...uploaded, scan_status: 'clean' }, [activate]),
    }).toStrictEqual({ pending: ['23514'], clean: ['ok:1'] });
  });
});

describe('billing: Stripe webhooks, via the service, are the truth (PRD §23.3)', () => {
  it('a billing.manage holder cannot change the state or Stripe id, nor delete it', async () => {
    const outcomes = await probe('billing_accounts', simpleRows.billing_accounts(A1()), [
      "update public.billing_accounts set status = 'active' where id = $1",
      "update public.billing_accounts set stripe_customer_id = 'cus_forged' where id = $1",
      "update public.billing_accounts set grace_ends_at = now() + interval '1 year' where id = $1",
      'delete from public.billing_accounts where id = $1',
    ]);
    expect(outcomes).toStrictEqual(['42501', '42501', '42501', '42501']);
  });

  it('creates an account with its workspace alone', async () => {
    const row = simpleRows.billing_accounts(A1());
    expect(
      await insertEach('billing_accounts', [
        { ...row, status: 'active' },
        { ...row, stripe_customer_id: 'cus_forged' },
        row,
      ]),
    ).toStrictEqual(['42501', '42501', 'ok']);
  });

  it('cannot change, create or delete subscriptions', async () => {
    const outcomes = await probe('subscriptions', (svc) => newSubscription(svc, A1()), [
      "update public.subscriptions set state = 'active' where id = $1",
      "update public.subscriptions set period_end = now() + interval '10 years' where id = $1",
      "update public.subscriptions set stripe_sub_id = 'sub_forged' where id = $1",
      'delete from public.subscriptions where id = $1',
      `insert into public.subscriptions (billing_account_id, workspace_id, stripe_sub_id, state)
       select billing_account_id, workspace_id, 'sub_new', 'active' from public.subscriptions where id = $1`,
    ]);
    expect(outcomes).toStrictEqual(['42501', '42501', '42501', '42501', '42501']);
  });
});

describe('ai_jobs: timing and authorship are audit facts', () => {
  it('an ai.orchestration.manage holder cannot rewrite them, but edits the job', async () => {
    const outcomes = await probe('ai_jobs', simpleRows.ai_jobs(A1()), [
      "update public.ai_jobs set created_at = now() - interval '1 year' where id = $1",
      'update public.ai_jobs set started_at = now(), finished_at = now() where id = $1',
      'update public.ai_jobs set created_by_user_id = null where id = $1',
      "update public.ai_jobs set context_ref = 'edited' where id = $1",
    ]);
    expect(outcomes).toStrictEqual(['42501', '42501', '42501', 'ok:1']);
  });

  it('creates jobs as itself, without backdating', async () => {
    const row = simpleRows.ai_jobs(A1());
    expect(
      await insertEach('ai_jobs', [
        { ...row, created_at: new Date('2020-01-01T00:00:00Z') },
        { ...row, created_by_user_id: userIdOf(rls.fixture, memberNamed('A1.business_user')) },
        { ...row, created_by_user_id: userIdOf(rls.fixture, admin) },
        row,
      ]),
    ).toStrictEqual(['42501', '42501', 'ok', 'ok']);
  });
});

import { randomUUID } from 'node:crypto';
import {
  setupTenantTreeDatabase,
  type TenantTree,
  type TestDatabase,
} from '@aiconnected/db/testing';
import { ROLE_CAPABILITIES } from '@aiconnected/permissions';
import { NOT_IMPERSONATING } from '@aiconnected/sdk-contracts';
import { describe, expect, it } from 'vitest';
import {
  createAssetUploadUrl,
  createBuiltinScanner,
  purgeUnusedAssetUploads,
  startUploadPurge,
  type AssetStorage,
} from '../../src/assets';

// The sweep of upload URLs that expired unused, on real Postgres: only pending assets whose URL
// expired over an hour ago go; refused, accepted, live and just-expired ones stay.

let test: TestDatabase;
let tree: TenantTree;

setupTenantTreeDatabase((setup) => {
  ({ database: test, tree } = setup);
});

const HASH = 'a'.repeat(64);

/** An asset row as the upload flow leaves it; `expiredMinutesAgo` < 0: the URL is still valid. */
async function insertAsset(
  state: 'unused' | 'claimed' | 'rejected' | 'clean',
  expiredMinutesAgo: number,
): Promise<string> {
  const id = randomUUID();
  await test.admin.query(
    `insert into public.branding_assets
       (id, workspace_id, asset_type, mime_type, size_bytes, declared_size_bytes,
        upload_token_sha256, upload_expires_at, scan_status, rejected_reason,
        storage_path, content_sha256, uploaded_at)
     values ($1, $2, 'logo', 'image/png', 1000, 1000, $3,
             now() - $4 * interval '1 minute', $5, $6, $7, $8, $9)`,
    [
      id,
      tree.workspaces.A.id,
      state === 'unused' ? HASH : null,
      expiredMinutesAgo,
      state === 'unused' || state === 'claimed' ? 'pending' : state,
      state === 'rejected' ? 'expired' : null,
      state === 'clean' ? `${HASH}.png` : null,
      state === 'clean' ? HASH : null,
      state === 'clean' ? new Date() : null,
    ],
  );
  return id;
}

async function existing(ids: Record<string, string>) {
  const { rows } = await test.admin.query<{ id: string }>(
    'select id from public.branding_assets where id = any($1)',
    [Object.values(ids)],
  );
  const kept = new Set(rows.map((row) => row.id));
  return Object.fromEntries(Object.entries(ids).map(([name, id]) => [name, kept.has(id)]));
}

describe('purgeUnusedAssetUploads', () => {
  it('deletes only pending assets whose URL expired over an hour ago; refused and accepted ones stay', async () => {
    const ids = {
      unusedLongAgo: await insertAsset('unused', 120),
      // Claimed (the URL spent) but never recorded: the upload died with its process.
      claimedLongAgo: await insertAsset('claimed', 120),
      unusedJustExpired: await insertAsset('unused', 30),
      live: await insertAsset('unused', -5),
      rejected: await insertAsset('rejected', 120),
      clean: await insertAsset('clean', 120),
    };
    expect(await purgeUnusedAssetUploads(test.db)).toBe(2);
    expect(await existing(ids)).toStrictEqual({
      unusedLongAgo: false,
      claimedLongAgo: false,
      unusedJustExpired: true,
      live: true,
      rejected: true,
      clean: true,
    });
    expect(await purgeUnusedAssetUploads(test.db)).toBe(0);
  });

  it('sweeps a URL issued by POST /branding/assets/logo-upload-url, keeping its audit row', async () => {
    const storage: AssetStorage = {
      put: () => Promise.reject(new Error('not used')),
      get: () => Promise.resolve(null),
    };
    const issued = await createAssetUploadUrl(
      test.db,
      { signingKey: Buffer.alloc(32, 1), storage, scanner: createBuiltinScanner() },
      {
        actor: {
          user_id: tree.users.agencyAdminA.id,
          session_id: randomUUID(),
          workspace_id: tree.workspaces.A.id,
          role_template: 'agency_admin',
          permissions: [...ROLE_CAPABILITIES.agency_admin],
          impersonation: NOT_IMPERSONATING,
        },
        workspaceId: tree.workspaces.A.id,
        assetType: 'logo',
        mimeType: 'image/png',
        sizeBytes: 5000,
        correlationId: randomUUID(),
      },
    );
    const ids = { issued: issued.asset_id };
    // Still within its 10 minutes, then an hour and a bit past them.
    expect(await purgeUnusedAssetUploads(test.db)).toBe(0);
    await test.admin.query(
      `update public.branding_assets set upload_expires_at = now() - interval '61 minutes' where id = $1`,
      [issued.asset_id],
    );
    const sweep = startUploadPurge(test.db, { intervalMs: 20 });
    try {
      await expect.poll(() => existing(ids), { timeout: 15_000 }).toStrictEqual({ issued: false });
    } finally {
      await sweep.stop();
    }
    const { rows } = await test.admin.query(
      'select action from public.audit_logs where target_id = $1',
      [issued.asset_id],
    );
    expect(rows).toStrictEqual([{ action: 'branding_asset.upload_url' }]);
  });
});

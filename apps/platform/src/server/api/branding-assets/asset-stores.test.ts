import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createS3AssetStorage } from '@aiconnected/branding';
import { startS3StandIn, type S3StandIn } from '@aiconnected/branding/testing';
import type { BrandingAsset, BrandingAssetUploadUrl } from '@aiconnected/sdk-contracts';
import { loadEnv } from '@/env';
import { brandingAssetServicesFromEnv } from '@/server/branding-asset-services';
import {
  as,
  createTestApi,
  createTestBrandingAssetServices,
  expectError,
  setupRoleTreeApiTest,
  type TestApi,
} from '@/server/api/testing';

// Branding uploads with each storage, built from the environment as the runtime builds them:
// BRANDING_STORAGE=s3 against an S3 STAND-IN on loopback (mounted at /storage/v1/s3 as Supabase
// Storage's S3 endpoint is) that verifies SigV4 signatures and payload hashes, no AWS or
// Supabase reached; and on disk. A store that fails (wrong secret, stopped, a directory that
// cannot be written or read) answers 503 and loses nothing: the upload URL works again.

const { setup, ws } = setupRoleTreeApiTest();

let standIn: S3StandIn;
let png: Buffer;

beforeAll(async () => {
  standIn = await startS3StandIn({ basePath: '/storage/v1/s3', bucket: 'branding' });
  png = await sharp({ create: { width: 30, height: 10, channels: 3, background: '#16a34a' } })
    .png()
    .toBuffer();
});

afterAll(async () => {
  await standIn.close();
});

/** The upload signing key of every API here: a URL one grants, another takes. */
const SIGNING_KEY = 'test-signing-key-'.repeat(3);

/** The API with branding services built from `variables` as the runtime builds them. */
function apiFromEnv(variables: Record<string, string>): TestApi {
  const environment = loadEnv({
    BRANDING_UPLOAD_SIGNING_KEY: SIGNING_KEY,
    ...variables,
  });
  return createTestApi(setup.database.db, {
    brandingAssets: brandingAssetServicesFromEnv(environment),
  });
}

/** The API with storage as BRANDING_STORAGE=s3 and the stand-in's settings (or `overrides`) say. */
function apiWithS3(overrides: Record<string, string> = {}): TestApi {
  return apiFromEnv({
    BRANDING_STORAGE: 's3',
    BRANDING_S3_ENDPOINT: standIn.endpoint,
    BRANDING_S3_BUCKET: standIn.bucket,
    BRANDING_S3_ACCESS_KEY_ID: standIn.accessKeyId,
    BRANDING_S3_SECRET_ACCESS_KEY: standIn.secretAccessKey,
    ...overrides,
  });
}

/** An upload URL for `bytes` as a logo of A1, asked for by A's agency admin through `test`'s API. */
async function grantUrl(test: TestApi, bytes: Buffer): Promise<string> {
  const granted = await test.api.request(
    '/api/branding/assets/logo-upload-url',
    as(setup.tokens['A.agency_admin'], 'POST', {
      workspace_id: ws('A1').id,
      asset_type: 'logo',
      mime_type: 'image/png',
      size_bytes: bytes.length,
    }),
  );
  expect(granted.status, await granted.clone().text()).toBe(201);
  return ((await granted.json()) as BrandingAssetUploadUrl).upload_url;
}

/** PUTs `bytes` to the signed `url` through `test`'s API, without a session. */
function putFile(test: TestApi, url: string, bytes: Buffer): Promise<Response> {
  return Promise.resolve(
    test.api.request(url, {
      method: 'PUT',
      body: new Uint8Array(bytes),
      headers: { 'content-type': 'application/octet-stream' },
    }),
  );
}

/** Asks for an upload URL and PUTs `bytes` to it, through `test`'s API. */
async function upload(test: TestApi, bytes: Buffer): Promise<Response> {
  return putFile(test, await grantUrl(test, bytes), bytes);
}

/** A PNG no other test uploads (so its content-addressed key is stored by this test only). */
function pngOf(background: string): Promise<Buffer> {
  return sharp({ create: { width: 12, height: 12, channels: 3, background } })
    .png()
    .toBuffer();
}

/** The asset an upload URL is for, as the database has it. */
async function assetOf(url: string) {
  const id = /\/branding\/assets\/([^/]+)\/upload/.exec(url)?.[1];
  const { rows } = await setup.database.admin.query<Record<string, unknown>>(
    `select scan_status, rejected_reason, upload_token_sha256, storage_path, uploaded_at
       from public.branding_assets where id = $1`,
    [id],
  );
  return rows[0];
}

/** A pending asset whose URL is unspent: its row still holds the hash of the URL's signature. */
function pendingWithUrl(url: string) {
  const signature = new URL(url, 'http://localhost').searchParams.get('signature') ?? '';
  return {
    scan_status: 'pending',
    rejected_reason: null,
    upload_token_sha256: createHash('sha256').update(signature).digest('hex'),
    storage_path: null,
    uploaded_at: null,
  };
}

/** The 503 of a store that failed: whole envelope, Retry-After, not cached. */
async function expectStoreUnavailable(response: Response): Promise<void> {
  expect(response.headers.get('retry-after')).toBe('30');
  expect(response.headers.get('cache-control')).toBe('no-store');
  await expectError(
    response,
    'SERVICE_UNAVAILABLE',
    { reason: 'asset_store', retry_after_seconds: 30 },
    'The file store cannot be reached right now. Try again in a minute.',
  );
}

/** The error lines `test`'s API logged (one per failed request). */
const errorLines = (test: TestApi) => test.logs.filter((line) => line.level === 'error');

describe('branding assets with BRANDING_STORAGE=s3 (an S3 stand-in)', () => {
  it('an upload lands in the bucket and is served by its hash, cacheable forever', async () => {
    const s3 = apiWithS3();
    try {
      const response = await upload(s3, png);
      expect(response.status, await response.clone().text()).toBe(200);
      const { asset } = (await response.json()) as { asset: BrandingAsset };
      const key = asset.url?.split('/').at(-1) ?? '';

      // In the bucket under its content hash, as the re-encoded file, signed and typed.
      expect([...standIn.objects.keys()]).toStrictEqual([key]);
      const stored = standIn.objects.get(key);
      expect(
        `${createHash('sha256')
          .update(stored?.bytes ?? '')
          .digest('hex')}.png`,
      ).toBe(key);
      expect(stored?.contentType).toBe('image/png');
      expect((await sharp(stored?.bytes).metadata()).width).toBe(30);
      expect(standIn.requests.at(-1)).toMatchObject({
        method: 'PUT',
        path: `/storage/v1/s3/branding/${key}`,
        status: 200,
      });

      const served = await s3.api.request(asset.url ?? '', { redirect: 'manual' });
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe('image/png');
      expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(Buffer.from(await served.arrayBuffer()).equals(stored?.bytes ?? Buffer.alloc(0))).toBe(
        true,
      );
      expect(standIn.requests.at(-1)).toMatchObject({ method: 'GET', status: 200 });
      // Served from the bucket: the disk storage of the default test API has no such file.
      expect((await setup.api.request(asset.url ?? '')).status).toBe(404);

      // A hash the bucket does not hold: NoSuchKey from the store, NOT_FOUND from us.
      const missing = await s3.api.request(
        asset.url?.replace(/[0-9a-f]{64}/, '0'.repeat(64)) ?? '',
      );
      expect(missing.status).toBe(404);
      expect(standIn.requests.at(-1)).toMatchObject({ method: 'GET', status: 404 });
    } finally {
      await s3.deps.sessionCache.close();
    }
  });

  it('a store that refuses the upload (wrong secret): 503, nothing stored, the URL not spent; the same URL works once the store takes it', async () => {
    const refused = apiWithS3({ BRANDING_S3_SECRET_ACCESS_KEY: 'wrong-secret-value' });
    // The same settings with the right secret: the store "back" for this deployment.
    const fixed = apiWithS3();
    try {
      const bytes = await pngOf('#7c3aed');
      const url = await grantUrl(refused, bytes);
      const before = [...standIn.objects.keys()];

      const response = await putFile(refused, url, bytes);
      await expectStoreUnavailable(response);
      expect(standIn.requests.at(-1)).toMatchObject({ method: 'PUT', status: 403 });
      expect([...standIn.objects.keys()]).toStrictEqual(before);
      expect(await assetOf(url)).toStrictEqual(pendingWithUrl(url));
      // Logged once, with the store's answer, never the secret.
      const logged = errorLines(refused);
      expect(logged).toHaveLength(1);
      expect(JSON.stringify(logged[0])).toContain(
        'S3 storage answered 403 SignatureDoesNotMatch to PUT',
      );
      expect(logged[0]).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
      expect(JSON.stringify(refused.logs)).not.toContain('wrong-secret-value');

      // The same URL, now that the store takes the file: accepted once, then spent.
      const retried = await putFile(fixed, url, bytes);
      expect(retried.status, await retried.clone().text()).toBe(200);
      const { asset } = (await retried.json()) as { asset: BrandingAsset };
      expect(asset.scan_status).toBe('clean');
      const key = asset.url?.split('/').at(-1) ?? '';
      expect([...standIn.objects.keys()]).toStrictEqual([...before, key]);
      expect(await assetOf(url)).toMatchObject({ scan_status: 'clean', storage_path: key });
      await expectError(
        await putFile(fixed, url, bytes),
        'BRANDING_ASSET_INVALID',
        { reason: 'used' },
        'This upload link was used already. Start the upload again.',
      );
    } finally {
      await refused.deps.sessionCache.close();
      await fixed.deps.sessionCache.close();
    }
  });

  it('a stopped store: an upload answers 503 and its URL works once the store is back; serving answers 503, not cached, then the file', async () => {
    const objects: S3StandIn['objects'] = new Map();
    let store = await startS3StandIn({ basePath: '/storage/v1/s3', bucket: 'branding', objects });
    const port = Number(new URL(store.endpoint).port);
    const s3 = apiWithS3({ BRANDING_S3_ENDPOINT: store.endpoint });
    /** Starts the store again where it was, with what it held. */
    const restart = async () => {
      store = await startS3StandIn({
        basePath: '/storage/v1/s3',
        bucket: 'branding',
        objects,
        port,
      });
    };
    try {
      const bytes = await pngOf('#ea580c');
      const url = await grantUrl(s3, bytes);
      await store.close();

      await expectStoreUnavailable(await putFile(s3, url, bytes));
      expect(objects.size).toBe(0);
      expect(await assetOf(url)).toStrictEqual(pendingWithUrl(url));
      expect(JSON.stringify(errorLines(s3))).toContain('S3 storage unreachable for PUT');

      await restart();
      const retried = await putFile(s3, url, bytes);
      expect(retried.status, await retried.clone().text()).toBe(200);
      const { asset } = (await retried.json()) as { asset: BrandingAsset };
      expect([...objects.keys()]).toStrictEqual([asset.url?.split('/').at(-1)]);

      // Serving while the store is down: 503, never cached as the file; then the file again.
      await store.close();
      const down = await s3.api.request(asset.url ?? '');
      await expectStoreUnavailable(down);
      expect(JSON.stringify(errorLines(s3).at(-1))).toContain('S3 storage unreachable for GET');
      await restart();
      const served = await s3.api.request(asset.url ?? '');
      expect(served.status).toBe(200);
      expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(
        Buffer.from(await served.arrayBuffer()).equals(
          objects.get(asset.url?.split('/').at(-1) ?? '')?.bytes ?? Buffer.alloc(0),
        ),
      ).toBe(true);
      expect(errorLines(s3)).toHaveLength(2);
    } finally {
      await store.close();
      await s3.deps.sessionCache.close();
    }
  });
  it('a store that never answers: a second use of the URL meanwhile is refused; after the timeout 503, and the URL works with a store that answers', async () => {
    const hung = await startS3StandIn({ basePath: '/storage/v1/s3', silent: true });
    // The storage the environment builds, with 8 s to answer instead of 10 s: the second use
    // below must land while the first still waits, also on a loaded machine.
    const { endpoint, bucket, region, accessKeyId, secretAccessKey } = hung;
    const storage = createS3AssetStorage({
      ...{ endpoint, bucket, region, accessKeyId, secretAccessKey },
      timeoutMs: 8000,
    });
    const signingKey = Buffer.from(SIGNING_KEY, 'utf8');
    const waiting = createTestApi(setup.database.db, {
      brandingAssets: createTestBrandingAssetServices({ signingKey, storage }),
    });
    const answering = apiWithS3();
    try {
      const bytes = await pngOf('#be123c');
      const url = await grantUrl(waiting, bytes);
      const first = putFile(waiting, url, bytes);
      // The URL is claimed while the file goes to the store: the same URL is refused meanwhile.
      await vi.waitFor(() => expect(hung.requests).toHaveLength(1), { timeout: 15_000 });
      await expectError(
        await putFile(answering, url, bytes),
        'BRANDING_ASSET_INVALID',
        { reason: 'used' },
        'This upload link was used already. Start the upload again.',
      );
      await expectStoreUnavailable(await first);
      expect(JSON.stringify(errorLines(waiting))).toContain('S3 storage did not answer PUT');
      expect(await assetOf(url)).toStrictEqual(pendingWithUrl(url));

      const retried = await putFile(answering, url, bytes);
      expect(retried.status, await retried.clone().text()).toBe(200);
    } finally {
      await hung.close();
      await waiting.deps.sessionCache.close();
      await answering.deps.sessionCache.close();
    }
  });
});

describe('branding assets with BRANDING_STORAGE=disk', () => {
  it('a directory the store cannot write: 503, nothing written, the URL not spent and then accepted; serving answers 503, then the file', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'branding-store-down-'));
    const dir = path.join(root, 'assets');
    // A file where the directory should be: writes (EEXIST) and reads (ENOTDIR) fail, also as
    // root, whom permissions would not stop.
    const block = () => writeFile(dir, 'not a directory');
    await block();
    const disk = apiFromEnv({ BRANDING_STORAGE: 'disk', BRANDING_STORAGE_DIR: dir });
    try {
      const bytes = await pngOf('#0891b2');
      const url = await grantUrl(disk, bytes);

      await expectStoreUnavailable(await putFile(disk, url, bytes));
      expect(await readdir(root)).toStrictEqual(['assets']);
      expect(await assetOf(url)).toStrictEqual(pendingWithUrl(url));
      expect(errorLines(disk)).toHaveLength(1);
      expect(JSON.stringify(errorLines(disk)[0])).toContain('EEXIST');

      // The directory can be made again: the same URL is accepted.
      await rm(dir);
      const retried = await putFile(disk, url, bytes);
      expect(retried.status, await retried.clone().text()).toBe(200);
      const { asset } = (await retried.json()) as { asset: BrandingAsset };
      const key = asset.url?.split('/').at(-1) ?? '';
      expect(await readdir(dir)).toStrictEqual([key]);
      expect(await assetOf(url)).toMatchObject({ scan_status: 'clean', storage_path: key });

      // Serving while the directory cannot be read: 503, never cached as the file; then the file.
      await rename(dir, `${dir}.away`);
      await block();
      await expectStoreUnavailable(await disk.api.request(asset.url ?? ''));
      expect(JSON.stringify(errorLines(disk)[1])).toContain('ENOTDIR');
      await rm(dir);
      await rename(`${dir}.away`, dir);
      const served = await disk.api.request(asset.url ?? '');
      expect(served.status).toBe(200);
      expect(
        Buffer.from(await served.arrayBuffer()).equals(await readFile(path.join(dir, key))),
      ).toBe(true);
      expect(errorLines(disk)).toHaveLength(2);
    } finally {
      await disk.deps.sessionCache.close();
      await rm(root, { recursive: true, force: true });
    }
  });
});

import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3StandIn, type S3StandIn } from '@aiconnected/branding/testing';
import type { BrandingAsset, BrandingAssetUploadUrl } from '@aiconnected/sdk-contracts';
import { loadEnv } from '@/env';
import { brandingAssetServicesFromEnv } from '@/server/branding-asset-services';
import { as, createTestApi, setupRoleTreeApiTest, type TestApi } from '@/server/api/testing';

// Branding uploads with BRANDING_STORAGE=s3, built from the environment as the runtime builds
// them, against an S3 STAND-IN on loopback (mounted at /storage/v1/s3 as Supabase Storage's S3
// endpoint is) that verifies SigV4 signatures and payload hashes; no AWS or Supabase is reached.

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

/** The API with storage as BRANDING_STORAGE=s3 and the stand-in's settings (or `overrides`) say. */
function apiWithS3(overrides: Record<string, string> = {}): TestApi {
  const environment = loadEnv({
    BRANDING_UPLOAD_SIGNING_KEY: 'test-signing-key-'.repeat(3),
    BRANDING_STORAGE: 's3',
    BRANDING_S3_ENDPOINT: standIn.endpoint,
    BRANDING_S3_BUCKET: standIn.bucket,
    BRANDING_S3_ACCESS_KEY_ID: standIn.accessKeyId,
    BRANDING_S3_SECRET_ACCESS_KEY: standIn.secretAccessKey,
    ...overrides,
  });
  return createTestApi(setup.database.db, {
    brandingAssets: brandingAssetServicesFromEnv(environment),
  });
}

/** Asks for an upload URL as A's agency admin and PUTs `bytes` to it, through `test`'s API. */
async function upload(test: TestApi, bytes: Buffer): Promise<Response> {
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
  const { upload_url: url } = (await granted.json()) as BrandingAssetUploadUrl;
  return test.api.request(url, {
    method: 'PUT',
    body: new Uint8Array(bytes),
    headers: { 'content-type': 'application/octet-stream' },
  });
}

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

  it('a store that refuses the upload: INTERNAL_ERROR, nothing stored or marked clean, no secret logged', async () => {
    const s3 = apiWithS3({ BRANDING_S3_SECRET_ACCESS_KEY: 'wrong-secret-value' });
    try {
      const before = standIn.objects.size;
      const response = await upload(s3, png);
      expect(response.status).toBe(500);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        'INTERNAL_ERROR',
      );
      expect(standIn.requests.at(-1)).toMatchObject({ method: 'PUT', status: 403 });
      expect(standIn.objects.size).toBe(before);
      const { rows } = await setup.database.admin.query<{ scan_status: string }>(
        `select scan_status from public.branding_assets order by created_at desc limit 1`,
      );
      expect(rows[0]?.scan_status).not.toBe('clean');
      const logged = JSON.stringify(s3.logs);
      expect(logged).toContain('S3 storage answered 403 SignatureDoesNotMatch to PUT');
      expect(logged).not.toContain('wrong-secret-value');
    } finally {
      await s3.deps.sessionCache.close();
    }
  });
});

import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startS3StandIn, type S3StandIn } from '@aiconnected/branding/testing';
import { loadEnv } from '@/env';
import { brandingAssetServicesFromEnv } from '@/server/branding-asset-services';

// The storage the runtime builds from BRANDING_STORAGE=s3, against an S3 STAND-IN on loopback:
// its reads go through the in-process cache, so the public file route does not cost a store
// request per HTTP request (docs/branding.md "Storage").

describe('brandingAssetServicesFromEnv with BRANDING_STORAGE=s3', () => {
  let standIn: S3StandIn | undefined;
  afterEach(async () => {
    await standIn?.close();
    standIn = undefined;
  });

  it('reads a found file and a missing key from the store once each', async () => {
    standIn = await startS3StandIn();
    const { storage } = brandingAssetServicesFromEnv(
      loadEnv({
        BRANDING_UPLOAD_SIGNING_KEY: 'test-signing-key-'.repeat(3),
        BRANDING_STORAGE: 's3',
        BRANDING_S3_ENDPOINT: standIn.endpoint,
        BRANDING_S3_BUCKET: standIn.bucket,
        BRANDING_S3_ACCESS_KEY_ID: standIn.accessKeyId,
        BRANDING_S3_SECRET_ACCESS_KEY: standIn.secretAccessKey,
      }),
    );
    const bytes = Buffer.from('a logo, re-encoded');
    const key = `${createHash('sha256').update(bytes).digest('hex')}.png`;
    const missing = `${'0'.repeat(64)}.webp`;
    await storage.put(key, bytes);
    for (let i = 0; i < 3; i += 1) {
      expect((await storage.get(key))?.equals(bytes)).toBe(true);
      expect(await storage.get(missing)).toBeNull();
    }
    expect(standIn.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toStrictEqual([
      `PUT /${standIn.bucket}/${key} 200`,
      `GET /${standIn.bucket}/${key} 200`,
      `GET /${standIn.bucket}/${missing} 404`,
    ]);
  });
});

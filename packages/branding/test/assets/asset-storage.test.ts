import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { AwsClient } from 'aws4fetch';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDiskAssetStorage, createS3AssetStorage, type AssetStorage } from '../../src/assets';
import { startS3StandIn, type S3StandIn } from '../../src/testing/start-s3-stand-in';

// One contract for every AssetStorage: on disk, and S3 against an S3 STAND-IN on loopback
// (src/testing/start-s3-stand-in.ts) that verifies SigV4 signatures and payload hashes as S3
// does; no AWS or Supabase is reached.

interface Backend {
  storage: AssetStorage;
  /** The keys stored, read behind the storage's back. */
  stored: () => Promise<string[]>;
  close: () => Promise<void>;
}

const opened: Backend[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((backend) => backend.close()));
});

async function diskBackend(): Promise<Backend> {
  const dir = await mkdtemp(path.join(tmpdir(), 'asset-storage-'));
  return {
    storage: createDiskAssetStorage(path.join(dir, 'assets')),
    stored: async () =>
      (await readdir(path.join(dir, 'assets')).catch(() => [])).filter((n) => !n.startsWith('.')),
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

/** The storage options that reach `standIn` with its own key pair. */
function optionsFor(standIn: S3StandIn) {
  const { endpoint, bucket, region, accessKeyId, secretAccessKey } = standIn;
  return { endpoint, bucket, region, accessKeyId, secretAccessKey, timeoutMs: 2000 };
}

async function s3Backend(): Promise<Backend> {
  // Mounted below a path, as Supabase Storage's S3 endpoint is.
  const standIn = await startS3StandIn({ basePath: '/storage/v1/s3' });
  return {
    storage: createS3AssetStorage(optionsFor(standIn)),
    stored: () => Promise.resolve([...standIn.objects.keys()]),
    close: () => standIn.close(),
  };
}

async function open(make: () => Promise<Backend>): Promise<Backend> {
  const backend = await make();
  opened.push(backend);
  return backend;
}

/** A content-addressed key of `bytes`, as uploads name them. */
function keyOf(bytes: Buffer, extension = 'png'): string {
  return `${createHash('sha256').update(bytes).digest('hex')}.${extension}`;
}

const BYTES = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 255, 254]);

describe.each([
  ['disk', diskBackend],
  ['S3 (stand-in)', s3Backend],
] as const)('%s asset storage', (_name, make) => {
  it('gives back the bytes it stored, and null for a key it never stored', async () => {
    const { storage, stored } = await open(make);
    const key = keyOf(BYTES);
    expect(await storage.get(key)).toBeNull();
    await storage.put(key, BYTES);
    expect((await storage.get(key))?.equals(BYTES)).toBe(true);
    expect(await storage.get(keyOf(Buffer.from('other'), 'webp'))).toBeNull();
    expect(await stored()).toStrictEqual([key]);
  });

  it('storing the same key twice is fine and keeps one object', async () => {
    const { storage, stored } = await open(make);
    const key = keyOf(BYTES, 'jpg');
    await storage.put(key, BYTES);
    await storage.put(key, BYTES);
    expect((await storage.get(key))?.equals(BYTES)).toBe(true);
    expect(await stored()).toStrictEqual([key]);
  });

  it('refuses a key that is not <sha256>.<png|jpg|webp>, storing nothing', async () => {
    const { storage, stored } = await open(make);
    const hash = keyOf(BYTES).slice(0, 64);
    for (const key of [
      '../escape.png',
      `${hash}.svg`,
      `${hash}.png/../../x.png`,
      `${hash.toUpperCase()}.png`,
      `other-bucket/${hash}.png`,
    ]) {
      await expect(storage.put(key, BYTES)).rejects.toThrow(`not an asset storage key: ${key}`);
      await expect(storage.get(key)).rejects.toThrow(`not an asset storage key: ${key}`);
    }
    expect(await stored()).toStrictEqual([]);
  });
});

describe('createS3AssetStorage (against an S3 stand-in)', () => {
  let standIn: S3StandIn | undefined;
  afterEach(async () => {
    await standIn?.close();
    standIn = undefined;
  });

  it('PUTs path-style with the content type and the signed sha256 of the payload', async () => {
    standIn = await startS3StandIn();
    const key = keyOf(BYTES, 'webp');
    await createS3AssetStorage(optionsFor(standIn)).put(key, BYTES);
    const [request] = standIn.requests;
    expect(request).toMatchObject({ method: 'PUT', path: `/branding-assets/${key}`, status: 200 });
    expect(request?.headers['x-amz-content-sha256']).toBe(key.slice(0, 64));
    expect(request?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=stand-in-access-key\/\d{8}\/us-east-1\/s3\/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/,
    );
    expect(standIn.objects.get(key)?.contentType).toBe('image/webp');
  });

  it('a wrong secret, region or access key is refused by the store: nothing stored, no secret in the error', async () => {
    standIn = await startS3StandIn();
    const key = keyOf(BYTES);
    const cases = [
      [{ secretAccessKey: 'not-the-secret' }, '403 SignatureDoesNotMatch'],
      [{ region: 'eu-west-1' }, '403 SignatureDoesNotMatch'],
      [{ accessKeyId: 'someone-else' }, '403 InvalidAccessKeyId'],
    ] as const;
    for (const [override, answer] of cases) {
      const storage = createS3AssetStorage({ ...optionsFor(standIn), ...override });
      const put = storage.put(key, BYTES);
      await expect(put).rejects.toThrow(`S3 storage answered ${answer} to PUT ${key}`);
      // Refused is not "missing": a read with bad credentials fails too.
      await expect(storage.get(key)).rejects.toThrow(`S3 storage answered ${answer} to GET ${key}`);
      const message = String(await put.catch((error: unknown) => error));
      expect(message).not.toContain('not-the-secret');
      expect(message).not.toContain(standIn.secretAccessKey);
    }
    expect(standIn.objects.size).toBe(0);
  });

  it('a bucket that does not exist is an error, not a missing file', async () => {
    standIn = await startS3StandIn();
    const storage = createS3AssetStorage({ ...optionsFor(standIn), bucket: 'no-such-bucket' });
    const key = keyOf(BYTES);
    await expect(storage.get(key)).rejects.toThrow(
      `S3 storage answered 404 NoSuchBucket to GET ${key}`,
    );
    await expect(storage.put(key, BYTES)).rejects.toThrow('404 NoSuchBucket');
  });

  it('fails when the store is unreachable or does not answer in time', async () => {
    // A port nobody listens on: bind one, note it, close it.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const key = keyOf(BYTES);
    const down = createS3AssetStorage({
      endpoint: `http://127.0.0.1:${port}`,
      bucket: 'branding-assets',
      region: 'us-east-1',
      accessKeyId: 'a',
      secretAccessKey: 'b',
    });
    await expect(down.get(key)).rejects.toThrow(
      new RegExp(`^S3 storage unreachable for GET ${key}: connect ECONNREFUSED`),
    );

    standIn = await startS3StandIn({ silent: true });
    // 2 s: the request reaches the stand-in before the timeout also on a loaded machine.
    const hung = createS3AssetStorage({ ...optionsFor(standIn), timeoutMs: 2000 });
    await expect(hung.put(key, BYTES)).rejects.toThrow(
      `S3 storage did not answer PUT ${key} within 2000 ms`,
    );
    expect(standIn.requests).toHaveLength(1);
  });

  it('times out a store that does not answer also when a garbage collection runs meanwhile', async () => {
    // undici forgets a copied Request's link to its signal after a collection
    // (nodejs/undici#4068): an abort alone then never ends the wait.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    standIn = await startS3StandIn({ silent: true });
    // 2 s: the request reaches the stand-in (and the collection runs) before the timeout also
    // on a loaded machine; without the fix the wait never ends (the test's timeout).
    const hung = createS3AssetStorage({ ...optionsFor(standIn), timeoutMs: 2000 });
    const key = keyOf(BYTES);
    const waited = hung.get(key);
    await vi.waitFor(() => expect(standIn?.requests).toHaveLength(1), { timeout: 15_000 });
    gc();
    await expect(waited).rejects.toThrow(`S3 storage did not answer GET ${key} within 2000 ms`);
  });
});

describe('the S3 stand-in checks what S3 checks', () => {
  let standIn: S3StandIn | undefined;
  afterEach(async () => {
    await standIn?.close();
    standIn = undefined;
  });

  it('refuses an unsigned request, and a payload that is not the one signed', async () => {
    standIn = await startS3StandIn();
    const url = `${standIn.endpoint}/${standIn.bucket}/${keyOf(BYTES)}`;
    const unsigned = await fetch(url, { method: 'PUT', body: new Uint8Array(BYTES) });
    expect(unsigned.status).toBe(403);
    expect(await unsigned.text()).toContain('<Code>AccessDenied</Code>');

    const client = new AwsClient({ ...optionsFor(standIn), service: 's3', retries: 0 });
    const altered = await client.fetch(url, {
      method: 'PUT',
      body: new Uint8Array(BYTES),
      headers: { 'x-amz-content-sha256': keyOf(Buffer.from('other')).slice(0, 64) },
    });
    expect(altered.status).toBe(400);
    expect(await altered.text()).toContain('<Code>XAmzContentSHA256Mismatch</Code>');
    expect(standIn.objects.size).toBe(0);

    const missing = await client.fetch(url);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('<Code>NoSuchKey</Code>');
  });
});

import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheAssetStorage, createS3AssetStorage, type AssetStorage } from '../../src/assets';
import { startS3StandIn, type S3StandIn } from '../../src/testing/start-s3-stand-in';

/** A content-addressed key of `bytes`, as uploads name them. */
function keyOf(bytes: Buffer): string {
  return `${createHash('sha256').update(bytes).digest('hex')}.png`;
}

/** Storage in memory that records every read it is asked for (behind the cache). */
function countingStorage() {
  const objects = new Map<string, Buffer>();
  const reads: string[] = [];
  const storage: AssetStorage = {
    put: (key, bytes) => {
      objects.set(key, bytes);
      return Promise.resolve();
    },
    get: (key) => {
      reads.push(key);
      return Promise.resolve(objects.get(key) ?? null);
    },
  };
  return { storage, objects, reads };
}

const files = [Buffer.alloc(100, 1), Buffer.alloc(100, 2), Buffer.alloc(100, 3)] as const;
const [one, two, three] = [keyOf(files[0]), keyOf(files[1]), keyOf(files[2])];

describe('cacheAssetStorage', () => {
  let standIn: S3StandIn | undefined;
  afterEach(async () => {
    await standIn?.close();
    standIn = undefined;
  });

  it('in front of S3: a found file and a missing key each cost the store one request', async () => {
    standIn = await startS3StandIn();
    const { endpoint, bucket, region, accessKeyId, secretAccessKey } = standIn;
    const s3 = createS3AssetStorage({ endpoint, bucket, region, accessKeyId, secretAccessKey });
    const storage = cacheAssetStorage(s3, { maxBytes: 1_000_000, missTtlMs: 60_000 });
    await s3.put(one, files[0]);
    for (let i = 0; i < 5; i += 1) {
      expect((await storage.get(one))?.equals(files[0])).toBe(true);
      expect(await storage.get(two)).toBeNull();
    }
    expect(standIn.requests.map((r) => [r.method, r.path, r.status])).toStrictEqual([
      ['PUT', `/${bucket}/${one}`, 200],
      ['GET', `/${bucket}/${one}`, 200],
      ['GET', `/${bucket}/${two}`, 404],
    ]);
  });

  it('keeps found files up to maxBytes, dropping the least recently read first', async () => {
    const { storage: inner, reads } = countingStorage();
    const storage = cacheAssetStorage(inner, { maxBytes: 250, missTtlMs: 0 });
    for (const bytes of files) await inner.put(keyOf(bytes), bytes);
    await storage.get(one);
    await storage.get(two);
    await storage.get(one); // one is now the most recent: two goes first
    await storage.get(three); // 300 bytes > 250: two is dropped
    expect(reads).toStrictEqual([one, two, three]);
    await storage.get(one);
    await storage.get(three);
    expect(reads).toStrictEqual([one, two, three]);
    await storage.get(two);
    expect(reads).toStrictEqual([one, two, three, two]);

    // A file bigger than the whole cache is served, never kept.
    const big = Buffer.alloc(251, 9);
    await inner.put(keyOf(big), big);
    expect((await storage.get(keyOf(big)))?.equals(big)).toBe(true);
    expect((await storage.get(keyOf(big)))?.equals(big)).toBe(true);
    expect(reads.filter((key) => key === keyOf(big))).toHaveLength(2);
  });

  it('remembers a miss for missTtlMs, at most maxMisses keys; a put through it forgets the miss', async () => {
    let clock = 0;
    const { storage: inner, reads } = countingStorage();
    const storage = cacheAssetStorage(inner, {
      maxBytes: 1000,
      missTtlMs: 5000,
      maxMisses: 2,
      now: () => clock,
    });
    expect(await storage.get(one)).toBeNull();
    clock = 4999;
    expect(await storage.get(one)).toBeNull();
    expect(reads).toStrictEqual([one]);

    // Stored by another process meanwhile: seen once the miss has expired.
    await inner.put(one, files[0]);
    expect(await storage.get(one)).toBeNull();
    clock = 5000;
    expect((await storage.get(one))?.equals(files[0])).toBe(true);
    expect(reads).toStrictEqual([one, one]);

    // Random keys cannot grow it: the third miss forgets the oldest.
    await storage.get(two);
    await storage.get(three);
    await storage.get(keyOf(Buffer.from('four')));
    await storage.get(two);
    expect(reads.slice(2)).toStrictEqual([two, three, keyOf(Buffer.from('four')), two]);

    // A put through the cache is readable at once, whatever was remembered.
    await storage.put(three, files[2]);
    expect((await storage.get(three))?.equals(files[2])).toBe(true);
  });

  it('does not cache a failure: the next read asks the store again', async () => {
    let fail = true;
    const { storage: inner, reads } = countingStorage();
    const flaky: AssetStorage = {
      put: (key, bytes) => inner.put(key, bytes),
      get: (key) => (fail ? Promise.reject(new Error('store down')) : inner.get(key)),
    };
    const storage = cacheAssetStorage(flaky, { maxBytes: 1000, missTtlMs: 60_000 });
    await expect(storage.get(one)).rejects.toThrow('store down');
    fail = false;
    expect(await storage.get(one)).toBeNull();
    expect(reads).toStrictEqual([one]);
  });
});

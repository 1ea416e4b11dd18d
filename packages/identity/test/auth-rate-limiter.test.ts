import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { createAuthRateLimiter, createMemoryRateLimiter } from '@aiconnected/identity';
import { ShellError } from '@aiconnected/sdk-contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let test: TestDatabase;

beforeAll(async () => {
  test = await createTestDatabase();
});
afterAll(async () => {
  await test.drop();
});

const limiterOptions = { points: 3, durationSeconds: 60, keyPrefix: 'test-limit' };

describe('createAuthRateLimiter', () => {
  it('allows `points` attempts per key, then throws RATE_LIMITED with retry_after_seconds', async () => {
    const limiter = createAuthRateLimiter(test.db.pool, limiterOptions);
    const key = `email:${randomUUID()}`;
    for (let attempt = 0; attempt < 3; attempt += 1) await limiter.consume(key);
    const error = await limiter.consume(key).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShellError);
    const envelope = (error as ShellError).toEnvelope('corr-rl');
    expect(envelope).toStrictEqual({
      error: {
        code: 'RATE_LIMITED',
        message: 'Too many requests. Please wait a moment and try again.',
        details: { retry_after_seconds: expect.any(Number) },
        correlation_id: 'corr-rl',
      },
    });
    const retryAfter = envelope.error.details?.retry_after_seconds as number;
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Another key has its own counter.
    await limiter.consume(`email:${randomUUID()}`);
  });

  it('shares counters between instances on the same database (as between processes)', async () => {
    const first = createAuthRateLimiter(test.db.pool, limiterOptions);
    const second = createAuthRateLimiter(test.db.pool, limiterOptions);
    const key = `ip:${randomUUID()}`;
    await first.consume(key);
    await second.consume(key);
    await first.consume(key);
    await expect(second.consume(key)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('keeps prefixes apart and forgets a key on reset', async () => {
    const signIn = createAuthRateLimiter(test.db.pool, limiterOptions);
    const reset = createAuthRateLimiter(test.db.pool, {
      ...limiterOptions,
      keyPrefix: 'test-reset',
    });
    const key = `email:${randomUUID()}`;
    for (let attempt = 0; attempt < 3; attempt += 1) await signIn.consume(key);
    await reset.consume(key);
    await expect(signIn.consume(key)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    await signIn.reset(key);
    await signIn.consume(key);
  });

  it('gives one attempt back on refund', async () => {
    const limiter = createAuthRateLimiter(test.db.pool, limiterOptions);
    const key = `ip:${randomUUID()}`;
    await limiter.consume(key);
    await limiter.consume(key);
    const third = await limiter.consume(key);
    await third.refund();
    await limiter.consume(key);
    await expect(limiter.consume(key)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('gives `points` back on refund (a batch of events), in Postgres and in memory', async () => {
    for (const limiter of [
      createAuthRateLimiter(test.db.pool, limiterOptions),
      createMemoryRateLimiter(limiterOptions),
    ]) {
      const key = `installation:${randomUUID()}`;
      await limiter.consume(key);
      const batch = await limiter.consume(key, 2);
      await batch.refund();
      await limiter.consume(key, 2);
      await expect(limiter.consume(key)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    }
  });

  it('gives nothing back once the window that counted the points has ended, in Postgres and in memory', async () => {
    const oneSecond = { ...limiterOptions, durationSeconds: 1 };
    for (const limiter of [
      createAuthRateLimiter(test.db.pool, oneSecond),
      createMemoryRateLimiter(oneSecond),
    ]) {
      const key = `installation:${randomUUID()}`;
      const spent = await limiter.consume(key, 3);
      // The window ends (1 s from the first point); a give-back now would start the next window
      // below zero, with more than the whole budget.
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      await spent.refund();
      await limiter.consume(key, 3);
      await expect(limiter.consume(key)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    }
  });

  it('stores no email or address, only digests', async () => {
    const limiter = createAuthRateLimiter(test.db.pool, limiterOptions);
    const email = `private-${randomUUID()}@example.test`;
    await limiter.consume(`email:${email}`);
    const { rows } = await test.admin.query<{ key: string }>('select key from public.rate_limits');
    expect(rows.some((row) => row.key.includes(email))).toBe(false);
    expect(rows.every((row) => /^test-(limit|reset):[0-9a-f]{64}$/.test(row.key))).toBe(true);
  });
});

describe('createMemoryRateLimiter', () => {
  it('allows `points` per key in this process, then RATE_LIMITED with retry_after_seconds; writes nothing to rate_limits', async () => {
    const before = await test.admin.query<{ n: number }>(
      'select count(*)::int as n from public.rate_limits',
    );
    const limiter = createMemoryRateLimiter({ ...limiterOptions, keyPrefix: 'test-memory' });
    const key = `installation:${randomUUID()}`;
    for (let attempt = 0; attempt < 3; attempt += 1) await limiter.consume(key);
    const error = await limiter.consume(key).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShellError);
    expect((error as ShellError).toEnvelope('corr-mem').error).toMatchObject({
      code: 'RATE_LIMITED',
      details: { retry_after_seconds: expect.any(Number) },
    });
    await limiter.consume(`installation:${randomUUID()}`);
    // Another instance (as another process) counts on its own.
    await createMemoryRateLimiter({ ...limiterOptions, keyPrefix: 'test-memory' }).consume(key);
    await limiter.reset(key);
    for (let attempt = 0; attempt < 3; attempt += 1) await limiter.consume(key);
    const after = await test.admin.query<{ n: number }>(
      'select count(*)::int as n from public.rate_limits',
    );
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
  });
});

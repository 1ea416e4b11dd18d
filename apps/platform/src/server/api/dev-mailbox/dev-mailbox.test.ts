import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@aiconnected/db/testing';
import { buildTestDeps, createTestApi, expectError } from '@/server/api/testing';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

describe('GET /api/dev/mailbox', () => {
  it('lists the messages sent to an address, newest first, when running locally', async () => {
    const { mailer } = buildTestDeps(database.db);
    const to = `mailbox-${randomBytes(4).toString('hex')}@example.test`;
    await mailer?.send({
      to,
      subject: 'First',
      text: 'one http://localhost:3000/set-password?token=abc',
    });
    await mailer?.send({ to, subject: 'Second', text: 'two', html: '<p>two</p>' });
    await mailer?.send({ to: 'someone-else@example.test', subject: 'Other', text: 'other' });
    const { api } = createTestApi(database.db);

    const response = await api.request(
      `/api/dev/mailbox?to=${encodeURIComponent(to.toUpperCase())}`,
    );

    expect(response.status).toBe(200);
    const message = {
      id: expect.any(String),
      to,
      from: 'aiConnected <no-reply@localhost>',
      created_at: expect.any(String),
    };
    expect(await response.json()).toStrictEqual({
      items: [
        { ...message, subject: 'Second', text: 'two', html: '<p>two</p>' },
        {
          ...message,
          subject: 'First',
          text: 'one http://localhost:3000/set-password?token=abc',
          html: null,
        },
      ],
    });
  });

  it('validates the limit', async () => {
    const { api } = createTestApi(database.db);
    await expectError(await api.request('/api/dev/mailbox?limit=0'), 'VALIDATION_BLOCKING', {
      issues: [{ path: 'query.limit', message: expect.any(String) }],
    });
  });

  it.each([
    ['a NUL', '%00'],
    ['only a zero-width space', '%E2%80%8B'],
    ['a line feed', 'a%0Ab%40example.test'],
  ])('refuses an address filter with %s (422, not a database error)', async (_, to) => {
    const { api } = createTestApi(database.db);
    await expectError(await api.request(`/api/dev/mailbox?to=${to}`), 'VALIDATION_BLOCKING', {
      issues: [{ path: 'query.to', message: expect.any(String) }],
    });
  });

  it('answers only requests addressed to this machine (not a page that rebinds its name to it)', async () => {
    const { api } = createTestApi(database.db);

    const rebound = await api.request('http://evil.example:3000/api/dev/mailbox');
    await expectError(rebound, 'NOT_FOUND');
    for (const host of ['localhost:3000', '127.0.0.1:3000', '[::1]:3000']) {
      const own = await api.request(`http://${host}/api/dev/mailbox`);
      expect(own.status, host).toBe(200);
    }
  });

  it('does not exist outside local deployments', async () => {
    const { api } = createTestApi(database.db, { config: { isLocal: false } });

    const response = await api.request('/api/dev/mailbox');

    await expectError(response, 'NOT_FOUND');
    const document = (await (await api.request('/api/openapi.json')).json()) as {
      paths: Record<string, unknown>;
    };
    expect(document.paths).not.toHaveProperty('/api/dev/mailbox');
  });
});

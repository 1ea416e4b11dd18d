import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createComposioClient } from '@aiconnected/integrations';
import { loadEnv } from '@/env';
import { createDevComposio } from '@/server/dev-composio';

// The local Composio stand-in the web server mounts at /dev/composio (design 13 §7): only
// locally without COMPOSIO_BASE_URL, only for requests to this server's own names, and the
// Composio client reaches it as it would reach Composio.

const KEY = 'local-standin-key-0123456789';
let server: Server;
let origin: string;

beforeAll(async () => {
  const handler = createDevComposio(loadEnv({}), KEY);
  if (handler === null) throw new Error('not mounted locally');
  server = createServer((request, response) => {
    if (handler(request, response)) return;
    response.writeHead(404);
    response.end('next');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('/dev/composio', () => {
  it('is mounted only locally without COMPOSIO_BASE_URL', () => {
    expect(
      createDevComposio(
        loadEnv({
          COMPOSIO_BASE_URL: 'https://backend.composio.dev',
          COMPOSIO_API_KEY: 'ak_0123456789',
        }),
        KEY,
      ),
    ).toBeNull();
  });

  it('serves the Composio calls to the client with its key, the hosted page under its prefix', async () => {
    const client = createComposioClient({ baseUrl: `${origin}/dev/composio`, apiKey: KEY });
    try {
      expect(await client.getAuthConfigToolkit('ac_standin_github')).toBe('github');
      const link = await client.createLink({
        authConfigId: 'ac_standin_github',
        userId: 'ws:local',
        alias: 'main',
        callbackUrl: 'http://localhost:3000/api/integrations/providers/composio/callback?state=x',
      });
      // The browser's URL: the public base URL's origin (localhost:3000 locally).
      expect(link.redirectUrl.startsWith('http://localhost:3000/dev/composio/link/')).toBe(true);
      const page = await fetch(`${origin}${new URL(link.redirectUrl).pathname}`);
      expect(await page.text()).toContain('Composio stand-in (local)');
    } finally {
      await client.close();
    }
    const wrongKey = createComposioClient({
      baseUrl: `${origin}/dev/composio`,
      apiKey: 'wrong-key-123',
    });
    await expect(wrongKey.getAuthConfigToolkit('ac_standin_github')).rejects.toMatchObject({
      reason: 'not_configured',
    });
    await wrongKey.close();
  });

  it('leaves other paths and foreign hosts to the rest of the server', async () => {
    expect(await (await fetch(`${origin}/dev/composiox`)).text()).toBe('next');
    // fetch cannot set Host: a plain request addressed to another name (DNS rebinding).
    const foreign = await new Promise<string>((resolve, reject) => {
      const sent = httpRequest(
        `${origin}/dev/composio/api/v3/auth_configs/ac_standin_github`,
        { headers: { host: 'evil.example', 'x-api-key': KEY } },
        (answer) => {
          let body = '';
          answer.on('data', (chunk: Buffer) => (body += chunk.toString()));
          answer.on('end', () => resolve(body));
        },
      );
      sent.on('error', reject);
      sent.end();
    });
    expect(foreign).toBe('next');
  });
});

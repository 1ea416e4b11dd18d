import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorEnvelopeSchema } from '@aiconnected/sdk-contracts';
import { answerClientErrors } from './client-error';
import { createLogger } from './logger';

let server: Server;
let port: number;

beforeAll(async () => {
  server = createServer((_request, response) => response.end('{}'));
  await answerClientErrors(server, { https: false, logger: createLogger('silent') });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

/** Writes `raw` on a fresh connection and reads the whole answer until the server closes it. */
function exchange(raw: string): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(raw));
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), headers: head.toLowerCase(), body });
    });
  });
}

function expectEnvelope(body: string, code: string, reason: string) {
  const envelope = errorEnvelopeSchema.parse(JSON.parse(body));
  expect(envelope.error).toMatchObject({ code, details: { reason } });
}

describe("the web server's answer to requests its HTTP parser refuses", () => {
  it('answers headers over the limit with 431 and the PAYLOAD_TOO_LARGE envelope', async () => {
    const big = 'a'.repeat(20_000);
    const answer = await exchange(`GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${big}\r\n\r\n`);
    expect(answer.status).toBe(431);
    expectEnvelope(answer.body, 'PAYLOAD_TOO_LARGE', 'headers');
    expect(answer.headers).toContain('content-type: application/json');
    expect(answer.headers).toContain('cache-control: no-store');
    expect(answer.headers).toContain('x-content-type-options: nosniff');
    expect(answer.headers).toMatch(/x-correlation-id: [0-9a-f-]{36}/);
    expect(answer.headers).toContain('connection: close');
  });

  it('answers a too long URL the same way (it counts towards the header limit)', async () => {
    const answer = await exchange(`GET /api/health?q=${'a'.repeat(20_000)} HTTP/1.1\r\n\r\n`);
    expect(answer.status).toBe(431);
    expectEnvelope(answer.body, 'PAYLOAD_TOO_LARGE', 'headers');
  });

  it('answers a malformed request line or header with 400 and VALIDATION_BLOCKING', async () => {
    for (const raw of ['GARBAGE\r\n\r\n', 'GET / HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n']) {
      const answer = await exchange(raw);
      expect(answer.status, raw).toBe(400);
      expectEnvelope(answer.body, 'VALIDATION_BLOCKING', 'malformed_request');
      const { correlation_id: id } = errorEnvelopeSchema.parse(JSON.parse(answer.body)).error;
      expect(answer.headers).toContain(`x-correlation-id: ${id}`);
    }
  });

  it('still answers a well-formed request normally', async () => {
    const answer = await exchange('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(answer.status).toBe(200);
  });
});

import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { ShellError } from '@aiconnected/sdk-contracts';
import { apiSecurityHeaders } from './api/http/security-headers';
import type { Logger } from './logger';

/**
 * What the web server answers a request Node's HTTP parser refused before any handler saw it,
 * with HTTP's status, as Node would (its own answer is a bare status line): the error envelope
 * with a stable code and a fresh correlation id, the API's security headers and `no-store`.
 */
export function clientErrorOf(error: Error & { code?: string }): ShellError {
  const refused = (
    code: 'VALIDATION_BLOCKING' | 'PAYLOAD_TOO_LARGE',
    status: number,
    reason: string,
  ) =>
    new ShellError(code, `request refused by the HTTP parser: ${error.code ?? error.message}`, {
      status,
      details: { reason },
      cause: error,
    });
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return refused('PAYLOAD_TOO_LARGE', 431, 'headers');
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return refused('PAYLOAD_TOO_LARGE', 413, 'chunk_extensions');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return refused('VALIDATION_BLOCKING', 408, 'request_timeout');
    default:
      return refused('VALIDATION_BLOCKING', 400, 'malformed_request');
  }
}

/**
 * Answers `server`'s client errors (`'clientError'`) with `clientErrorOf`'s envelope, and logs
 * one line each. As Node's own handler: nothing is written on a socket that is gone or whose
 * response has started (a pipelined request's), and the connection is closed after.
 */
export async function answerClientErrors(
  server: Server,
  options: { https: boolean; logger: Logger },
): Promise<void> {
  const headers = await apiSecurityHeaders({ https: options.https });
  server.on('clientError', (error: Error & { code?: string }, socket: Duplex) => {
    const inFlight = (socket as { _httpMessage?: ServerResponse })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent === true) {
      socket.destroy();
      return;
    }
    const refusal = clientErrorOf(error);
    const correlationId = randomUUID();
    const body = JSON.stringify(refusal.toEnvelope(correlationId));
    const lines = [
      `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? ''}`,
      'content-type: application/json',
      `content-length: ${Buffer.byteLength(body)}`,
      `x-correlation-id: ${correlationId}`,
      ...headers.map(([name, value]) => `${name}: ${value}`),
      'connection: close',
    ];
    options.logger.info(
      {
        correlation_id: correlationId,
        status: refusal.status,
        code: refusal.code,
        reason: error.code,
      },
      'request refused by the HTTP parser',
    );
    socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`);
  });
}

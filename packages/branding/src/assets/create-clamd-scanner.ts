import { connect } from 'node:net';
import type { AssetScanner, AssetScanResult } from './asset-scanner';

export interface ClamdScannerOptions {
  /** `CLAMD_URL`: tcp://host:port of clamd. */
  url: string;
  /** Connect, send and answer within this time, else the scan fails (closed). Default 10 s. */
  timeoutMs?: number;
  /**
   * clamd's StreamMaxLength (its default: 25 MiB). A longer file is not sent: clamd would cut
   * the stream and answer an error, so the scan fails closed here at once.
   */
  streamMaxBytes?: number;
}

/** The chunk size of INSTREAM: far under any StreamMaxLength, a few round trips per file. */
const CHUNK_BYTES = 64 * 1024;

function parseClamdUrl(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  if (parsed.protocol !== 'tcp:' || !parsed.hostname || !parsed.port) {
    throw new TypeError(`CLAMD_URL must be tcp://host:port, got ${url}`);
  }
  return { host: parsed.hostname.replace(/^\[|\]$/g, ''), port: Number(parsed.port) };
}

/** clamd's answer to INSTREAM: `stream: OK` or `stream: <signature> FOUND`; anything else fails. */
function toResult(reply: string): AssetScanResult {
  const answer = reply.replace(/\0$/, '').trim();
  if (answer === 'stream: OK') return { clean: true, engine: 'clamav', detail: 'clamd: OK' };
  const found = /^stream: (.+) FOUND$/.exec(answer);
  if (found?.[1]) {
    return {
      clean: false,
      engine: 'clamav',
      detail: `clamd: ${found[1]} FOUND`.slice(0, 500),
      signature: found[1].slice(0, 200),
    };
  }
  throw new Error(`clamd answered: ${answer.slice(0, 200)}`);
}

/**
 * The ClamAV scanner: one TCP connection per file to clamd, `zINSTREAM\0`, the file as chunks
 * each prefixed by its length (4 bytes, big-endian), a zero-length chunk to end, and one
 * NUL-terminated reply. Unreachable, slow, cut off or an unexpected answer: it throws, so
 * the upload is refused (fails closed).
 */
export function createClamdScanner(options: ClamdScannerOptions): AssetScanner {
  const { host, port } = parseClamdUrl(options.url);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const streamMaxBytes = options.streamMaxBytes ?? 25 * 1024 * 1024;
  return {
    engine: 'clamav',
    scan(bytes) {
      if (bytes.length > streamMaxBytes) {
        return Promise.reject(
          new Error(`file of ${bytes.length} bytes exceeds clamd's StreamMaxLength`),
        );
      }
      return new Promise<AssetScanResult>((resolve, reject) => {
        const socket = connect({ host, port });
        const chunks: Buffer[] = [];
        let settled = false;
        const finish = (error: Error | null, result?: AssetScanResult) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          socket.destroy();
          if (error) reject(error);
          else resolve(result as AssetScanResult);
        };
        const timer = setTimeout(
          () => finish(new Error(`clamd did not answer within ${timeoutMs} ms`)),
          timeoutMs,
        );
        socket.on('error', (error) => finish(new Error(`clamd unreachable: ${error.message}`)));
        socket.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          const reply = Buffer.concat(chunks);
          if (reply.includes(0)) {
            try {
              finish(null, toResult(reply.toString('utf8')));
            } catch (error) {
              finish(error as Error);
            }
          }
        });
        socket.on('close', () => {
          finish(new Error('clamd closed the connection without an answer'));
        });
        socket.on('connect', () => {
          socket.write('zINSTREAM\0');
          for (let offset = 0; offset < bytes.length; offset += CHUNK_BYTES) {
            const chunk = bytes.subarray(offset, offset + CHUNK_BYTES);
            const length = Buffer.alloc(4);
            length.writeUInt32BE(chunk.length);
            socket.write(length);
            socket.write(chunk);
          }
          socket.write(Buffer.alloc(4));
        });
      });
    },
  };
}

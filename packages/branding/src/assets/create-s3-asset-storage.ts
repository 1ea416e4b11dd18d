import { createHash } from 'node:crypto';
import { AwsClient } from 'aws4fetch';
import { ASSET_CONTENT_TYPES, ASSET_STORAGE_KEY, type AssetStorage } from './asset-storage';

export interface S3AssetStorageOptions {
  /** The S3 endpoint, e.g. `https://<project>.supabase.co/storage/v1/s3` (Supabase Storage). */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** How long one call may take, answer included. Default 10 s. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** The S3 error code of an XML error body (`<Error><Code>NoSuchKey</Code>…`), if any. */
function errorCodeOf(body: string): string | undefined {
  return /<Code>([A-Za-z0-9.]+)<\/Code>/.exec(body)?.[1];
}

/**
 * Asset files as objects `<bucket>/<key>` of an S3-compatible store, addressed path-style
 * (`<endpoint>/<bucket>/<key>`, as Supabase Storage's S3 endpoint needs), every request signed
 * with SigV4 by aws4fetch, a PUT signing the payload's sha256. A 404 other than NoSuchBucket
 * reads as "nothing stored"; any other failure is an Error naming the status and S3 error code
 * (never a credential). Throttling and 5xx answers are retried twice, within the timeout.
 */
export function createS3AssetStorage(options: S3AssetStorageOptions): AssetStorage {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const client = new AwsClient({
    accessKeyId: options.accessKeyId,
    secretAccessKey: options.secretAccessKey,
    service: 's3',
    region: options.region,
    retries: 2,
  });
  const base = `${options.endpoint.replace(/\/+$/, '')}/${encodeURIComponent(options.bucket)}`;

  /**
   * Sends one request for `key` and hands its response to `read`, all within the timeout. The
   * timeout rejects by itself as well as aborting: the signal only reaches the request through
   * the copies of it aws4fetch and fetch make, and undici forgets a copy's link to its signal
   * after a garbage collection (nodejs/undici#4068), so the abort alone can leave a hung store
   * waited on forever.
   */
  async function send<T>(
    method: 'GET' | 'PUT',
    key: string,
    init: { headers?: Record<string, string>; body?: Uint8Array<ArrayBuffer> },
    read: (response: Response) => Promise<T>,
  ): Promise<T> {
    // Keys are checked, so a key can never name another object or bucket.
    if (!ASSET_STORAGE_KEY.test(key)) throw new TypeError(`not an asset storage key: ${key}`);
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`S3 storage did not answer ${method} ${key} within ${timeoutMs} ms`));
        controller.abort();
      }, timeoutMs);
    });
    const answered = (async () => {
      try {
        const response = await client.fetch(`${base}/${key}`, {
          method,
          ...init,
          signal: controller.signal,
        });
        return await read(response);
      } catch (error) {
        if (error instanceof TypeError && error.message === 'fetch failed') {
          const cause = error.cause instanceof Error ? error.cause.message : 'network error';
          throw new Error(`S3 storage unreachable for ${method} ${key}: ${cause}`);
        }
        throw error;
      }
    })();
    try {
      return await Promise.race([answered, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The Error of an answer that is not a success, naming its status and S3 error code. */
  function failure(method: string, key: string, status: number, code: string | undefined): Error {
    return new Error(`S3 storage answered ${status}${code ? ` ${code}` : ''} to ${method} ${key}`);
  }

  return {
    put(key, bytes) {
      const extension = key.slice(key.lastIndexOf('.') + 1) as keyof typeof ASSET_CONTENT_TYPES;
      const headers = {
        'content-type': ASSET_CONTENT_TYPES[extension],
        'x-amz-content-sha256': createHash('sha256').update(bytes).digest('hex'),
      };
      return send('PUT', key, { headers, body: new Uint8Array(bytes) }, async (response) => {
        const body = await response.text();
        if (!response.ok) throw failure('PUT', key, response.status, errorCodeOf(body));
      });
    },
    get(key) {
      return send('GET', key, {}, async (response) => {
        if (response.ok) return Buffer.from(await response.arrayBuffer());
        const code = errorCodeOf(await response.text());
        // A missing bucket is a misconfiguration, not a missing file.
        if (response.status === 404 && code !== 'NoSuchBucket') return null;
        throw failure('GET', key, response.status, code);
      });
    },
  };
}

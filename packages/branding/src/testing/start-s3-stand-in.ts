import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { sigV4Signature } from './sigv4-signature';

/** An object the stand-in holds: its bytes and the content type it was stored with. */
export interface StoredObject {
  bytes: Buffer;
  contentType: string | undefined;
}

export interface S3StandInOptions {
  /** The one bucket it has. Default `branding-assets`. */
  bucket?: string;
  /** Where its API is mounted, e.g. `/storage/v1/s3` as on Supabase. Default: the root. */
  basePath?: string;
  /** The region signatures must be scoped to. Default `us-east-1`. */
  region?: string;
  /** The one key pair it accepts. Defaults: fixed test values. */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Accept requests, then never answer (a hung store). */
  silent?: boolean;
  /** The loopback port to listen on (a stand-in started again where a closed one was). Default: any free one. */
  port?: number;
  /** The objects to start with, kept as they change (a closed stand-in's, to start it again). */
  objects?: S3StandIn['objects'];
  /** Answer the first N requests `503 SlowDown`, as S3 does when it throttles. Default 0. */
  failFirst?: number;
  /** The clock requests' X-Amz-Date is checked against (a published example's). Default `Date.now`. */
  now?: () => number;
}

export interface S3StandIn {
  /** `http://127.0.0.1:<port><basePath>`: objects are `<endpoint>/<bucket>/<key>` (path-style). */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** What is stored, by key. */
  objects: Map<string, StoredObject>;
  /** Every request received, with the status it was answered. */
  requests: { method: string; path: string; headers: IncomingHttpHeaders; status: number }[];
  close(): Promise<void>;
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/[^,\s]+, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/;
const EMPTY_SHA256 = createHash('sha256').digest('hex');
/** S3 refuses requests signed more than 15 minutes away from its clock. */
const MAX_SKEW_MS = 15 * 60_000;

class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** `20261206T182427Z` (X-Amz-Date) as milliseconds, or NaN. */
function amzDateMs(value: string): number {
  const pattern = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
  return pattern.test(value)
    ? Date.parse(value.replace(pattern, '$1-$2-$3T$4:$5:$6Z'))
    : Number.NaN;
}

/**
 * A STAND-IN for an S3-compatible store (Supabase Storage's S3 endpoint, AWS S3), not either
 * of them: node:http on loopback, one bucket, objects in memory, PutObject, GetObject and
 * HeadObject path-style, S3's XML error bodies. It verifies SigV4 for real: the request is
 * signed again with its own secret (`sigV4Signature`, written from AWS's steps apart from the
 * aws4fetch the client signs with, and held to AWS's published example; the received X-Amz-Date
 * and signed headers) and the signatures compared in constant time, and x-amz-content-sha256 must be the
 * body's sha256 (or UNSIGNED-PAYLOAD); so a wrong secret, region or altered body is refused as
 * S3 refuses it.
 */
export async function startS3StandIn(options: S3StandInOptions = {}): Promise<S3StandIn> {
  const basePath = options.basePath ?? '';
  const bucket = options.bucket ?? 'branding-assets';
  const region = options.region ?? 'us-east-1';
  const accessKeyId = options.accessKeyId ?? 'stand-in-access-key';
  const secretAccessKey = options.secretAccessKey ?? 'stand-in-secret-access-key';
  const objects: S3StandIn['objects'] = options.objects ?? new Map<string, StoredObject>();
  const requests: S3StandIn['requests'] = [];
  const now = options.now ?? Date.now;
  let slowDowns = options.failFirst ?? 0;

  /** Refuses a request that is not signed by our key pair, as S3 does. */
  function authenticate(request: IncomingMessage, body: Buffer): void {
    const authorization = request.headers.authorization;
    if (!authorization) throw new S3Error(403, 'AccessDenied', 'Access Denied');
    const parsed = AUTHORIZATION.exec(authorization);
    if (!parsed) {
      throw new S3Error(
        400,
        'AuthorizationHeaderMalformed',
        'The authorization header is malformed.',
      );
    }
    const [, claimedKeyId, signedHeaders = '', signature = ''] = parsed;
    if (claimedKeyId !== accessKeyId) {
      throw new S3Error(
        403,
        'InvalidAccessKeyId',
        'The AWS Access Key Id you provided does not exist in our records.',
      );
    }
    const datetime = String(request.headers['x-amz-date'] ?? '');
    if (!(Math.abs(now() - amzDateMs(datetime)) <= MAX_SKEW_MS)) {
      throw new S3Error(
        403,
        'RequestTimeTooSkewed',
        'The difference between the request time and the current time is too large.',
      );
    }
    const names = signedHeaders.split(';');
    const canonical = names.includes('host') && names.join(';') === [...names].sort().join(';');
    const expected = Buffer.from(
      sigV4Signature(
        { method: request.method ?? 'GET', target: request.url ?? '/', headers: request.headers },
        { secretAccessKey, region, service: 's3', datetime, signedHeaders },
      ),
      'hex',
    );
    const received = Buffer.from(signature, 'hex');
    if (!canonical || !timingSafeEqual(expected, received)) {
      throw new S3Error(
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      );
    }
    const claimedSha256 = String(request.headers['x-amz-content-sha256'] ?? '');
    const bodySha256 = body.length ? createHash('sha256').update(body).digest('hex') : EMPTY_SHA256;
    if (claimedSha256 !== 'UNSIGNED-PAYLOAD' && claimedSha256 !== bodySha256) {
      throw new S3Error(
        400,
        'XAmzContentSHA256Mismatch',
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
      );
    }
  }

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<number> {
    const body = await readBody(request);
    authenticate(request, body);
    if (slowDowns > 0) {
      slowDowns -= 1;
      throw new S3Error(503, 'SlowDown', 'Please reduce your request rate.');
    }
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://stand-in').pathname);
    const [, bucketName = '', ...rest] = path.startsWith(`${basePath}/`)
      ? path.slice(basePath.length).split('/')
      : [];
    const key = rest.join('/');
    if (bucketName !== bucket) {
      throw new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist');
    }
    const method = request.method ?? 'GET';
    if (key === '' || !['PUT', 'GET', 'HEAD'].includes(method)) {
      throw new S3Error(
        501,
        'NotImplemented',
        'The stand-in has PutObject, GetObject and HeadObject only.',
      );
    }
    if (method === 'PUT') {
      objects.set(key, { bytes: body, contentType: request.headers['content-type'] });
      response.writeHead(200, { etag: `"${createHash('md5').update(body).digest('hex')}"` });
      response.end();
      return 200;
    }
    const object = objects.get(key);
    if (!object) throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.');
    response.writeHead(200, {
      'content-type': object.contentType ?? 'application/octet-stream',
      'content-length': object.bytes.length,
      etag: `"${createHash('md5').update(object.bytes).digest('hex')}"`,
    });
    response.end(method === 'HEAD' ? undefined : object.bytes);
    return 200;
  }

  const server = createServer((request, response) => {
    const log = (status: number) =>
      requests.push({
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        status,
      });
    if (options.silent) {
      log(0);
      return;
    }
    answer(request, response).then(log, (error: unknown) => {
      const failure =
        error instanceof S3Error
          ? error
          : new S3Error(500, 'InternalError', 'We encountered an internal error.');
      response.writeHead(failure.status, { 'content-type': 'application/xml' });
      response.end(
        request.method === 'HEAD'
          ? undefined
          : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${failure.code}</Code><Message>${failure.message}</Message><RequestId>${randomUUID()}</RequestId></Error>`,
      );
      log(failure.status);
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}${basePath}`,
    bucket,
    region,
    accessKeyId,
    secretAccessKey,
    objects,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

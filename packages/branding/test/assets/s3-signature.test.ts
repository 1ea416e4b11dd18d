import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { AwsClient } from 'aws4fetch';
import { afterEach, describe, expect, it } from 'vitest';
import { createS3AssetStorage } from '../../src/assets';
import { sigV4Signature } from '../../src/testing/sigv4-signature';
import { startS3StandIn, type S3StandIn } from '../../src/testing/start-s3-stand-in';

// AWS's published example "GET Object" (S3 API reference, "Examples: Signature Calculations in
// AWS Signature Version 4", sig-v4-header-based-auth): the first 10 bytes of test.txt in
// examplebucket, signed with the documentation's example key pair on 2013-05-24. Its expected
// signature is AWS's, not computed by any code here.
const EXAMPLE = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  region: 'us-east-1',
  url: 'https://examplebucket.s3.amazonaws.com/test.txt',
  headers: {
    host: 'examplebucket.s3.amazonaws.com',
    range: 'bytes=0-9',
    'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    'x-amz-date': '20130524T000000Z',
  },
  authorization:
    'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,' +
    'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,' +
    'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
} as const;

/** An Authorization header with AWS's separators (aws4fetch puts a space after each comma). */
const normal = (authorization: string | null) => authorization?.replace(/, /g, ',');

let standIn: S3StandIn | undefined;
afterEach(async () => {
  await standIn?.close();
  standIn = undefined;
});

/** Sends AWS's example request, with `authorization`, to the stand-in: its status and body. */
function sendExample(target: S3StandIn, authorization: string) {
  const { port } = new URL(target.endpoint);
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const sent = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: '/test.txt',
        headers: { ...EXAMPLE.headers, authorization },
      },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    sent.on('error', reject);
    sent.end();
  });
}

describe("AWS's published SigV4 example (GET Object)", () => {
  it("the S3 stand-in's own SigV4 gives AWS's signature", () => {
    const signature = sigV4Signature(
      { method: 'GET', target: '/test.txt', headers: EXAMPLE.headers },
      {
        secretAccessKey: EXAMPLE.secretAccessKey,
        region: EXAMPLE.region,
        service: 's3',
        datetime: EXAMPLE.headers['x-amz-date'],
        signedHeaders: 'host;range;x-amz-content-sha256;x-amz-date',
      },
    );
    expect(signature).toBe(EXAMPLE.authorization.split('Signature=')[1]);
  });

  it("aws4fetch (createS3AssetStorage's signer) gives AWS's Authorization for the same inputs", async () => {
    const { host: _host, range, ...amz } = EXAMPLE.headers;
    const client = new AwsClient({
      accessKeyId: EXAMPLE.accessKeyId,
      secretAccessKey: EXAMPLE.secretAccessKey,
      service: 's3',
      region: EXAMPLE.region,
    });
    // aws4fetch leaves `range` unsigned unless told to sign every header; AWS's example signs it.
    const signed = await client.sign(EXAMPLE.url, {
      headers: { range, ...amz },
      aws: { datetime: amz['x-amz-date'], allHeaders: true },
    });
    expect(normal(signed.headers.get('authorization'))).toBe(EXAMPLE.authorization);
  });

  it('the S3 stand-in accepts that request as signed (on its clock of that day), and refuses it altered', async () => {
    standIn = await startS3StandIn({
      accessKeyId: EXAMPLE.accessKeyId,
      secretAccessKey: EXAMPLE.secretAccessKey,
      now: () => Date.parse('2013-05-24T00:05:00Z'),
    });
    // Past the signature check: the stand-in has no bucket `test.txt` (it is path-style).
    const accepted = await sendExample(standIn, EXAMPLE.authorization);
    expect(accepted.status).toBe(404);
    expect(accepted.body).toContain('<Code>NoSuchBucket</Code>');

    const altered = EXAMPLE.authorization.replace(/1$/, '2');
    const refused = await sendExample(standIn, altered);
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('<Code>SignatureDoesNotMatch</Code>');
  });
});

describe('createS3AssetStorage retries throttling and 5xx, not 4xx', () => {
  const bytes = Buffer.from('a stored logo');
  const key = `${createHash('sha256').update(bytes).digest('hex')}.png`;

  /** The storage that reaches `target` with its own key pair. */
  function storageFor(target: S3StandIn, secretAccessKey = target.secretAccessKey) {
    const { endpoint, bucket, region, accessKeyId } = target;
    return createS3AssetStorage({ endpoint, bucket, region, accessKeyId, secretAccessKey });
  }

  it('two 503 SlowDown answers in a row are retried: the third request succeeds', async () => {
    standIn = await startS3StandIn({ basePath: '/storage/v1/s3', failFirst: 2 });
    await storageFor(standIn).put(key, bytes);
    expect(standIn.requests.map((r) => `${r.method} ${r.status}`)).toStrictEqual([
      'PUT 503',
      'PUT 503',
      'PUT 200',
    ]);
    expect(standIn.objects.get(key)?.bytes.equals(bytes)).toBe(true);
  });

  it('a third 503 SlowDown is the answer: an error naming it, after three requests', async () => {
    standIn = await startS3StandIn({ failFirst: 3 });
    await expect(storageFor(standIn).get(key)).rejects.toThrow(
      `S3 storage answered 503 SlowDown to GET ${key}`,
    );
    expect(standIn.requests.map((r) => r.status)).toStrictEqual([503, 503, 503]);
  });

  it('a 4xx (a wrong secret) is not retried: one request', async () => {
    standIn = await startS3StandIn();
    await expect(storageFor(standIn, 'not-the-secret').put(key, bytes)).rejects.toThrow(
      `S3 storage answered 403 SignatureDoesNotMatch to PUT ${key}`,
    );
    expect(standIn.requests.map((r) => r.status)).toStrictEqual([403]);
  });
});

import { AwsClient } from 'aws4fetch';
import { describe, expect, it } from 'vitest';
import { sigV4Signature } from '../../src/testing/sigv4-signature';

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
});

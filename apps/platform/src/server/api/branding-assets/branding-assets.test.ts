import { readdir, rm } from 'node:fs/promises';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createClamdScanner,
  createSignInBrandingCache,
  createWorkspaceLogosCache,
  EICAR_TEST_STRING,
} from '@aiconnected/branding';
import { createChannelHub } from '@aiconnected/db';
import { startClamdStandIn } from '@aiconnected/branding/testing';
import type {
  BrandingAsset,
  BrandingAssetList,
  BrandingAssetUploadUrl,
  SignInBranding,
} from '@aiconnected/sdk-contracts';
import {
  as,
  auditRowsOf,
  correlationIdOf,
  createTestApi,
  expectError,
  setupRoleTreeApiTest,
  type MemberLabel,
  type TreeKey,
} from '@/server/api/testing';
import {
  createBrandingFileLimiter,
  createBrandingUploadLimiter,
} from '@/server/api/guard/rate-limits';

const { setup, ws, member, call } = setupRoleTreeApiTest();

const INVALID = 'BRANDING_ASSET_INVALID';
const MESSAGES = {
  unsupported_type: 'Upload a PNG, JPEG or WebP image.',
  type_mismatch:
    'The file’s contents do not match its type. Export it again as the type it claims.',
  too_large: 'The file is larger than allowed for this kind of asset.',
  scan_failed: 'The file did not pass the malware scan.',
  bad_signature: 'This upload link is not valid. Ask for a new one.',
  expired: 'This upload link has expired. Start the upload again.',
  used: 'This upload link was used already. Start the upload again.',
  not_uploaded: 'Only an uploaded file that passed its checks can be activated.',
} as const;
/** A body bigger than the upload URL was granted for. */
const overDeclared = (bytes: number) =>
  `The file is larger than the size declared for this upload URL (${bytes} bytes). Start the upload again with the file's real size.`;

let png: Buffer;
let pngWithExif: Buffer;
let jpeg: Buffer;
let storageDir: string;

beforeAll(async () => {
  const image = () =>
    sharp({ create: { width: 40, height: 20, channels: 3, background: '#2563eb' } });
  png = await image().png().toBuffer();
  jpeg = await image().jpeg().toBuffer();
  pngWithExif = await image()
    .png()
    .withExif({ IFD0: { Copyright: 'secret-exif-marker', Artist: 'GPS somewhere' } })
    .toBuffer();
  // The test API's services (createTestBrandingAssetServices) say where they store files.
  const services: object = setup.deps.brandingAssets;
  storageDir = 'storageDir' in services ? String(services.storageDir) : '';
});

interface Declared {
  workspace: TreeKey;
  type?: string;
  mime?: string;
  size: number;
}

/** Asks for an upload URL as `who`. */
async function uploadUrl(who: MemberLabel, declared: Declared): Promise<Response> {
  return call(who, 'POST', '/branding/assets/logo-upload-url', {
    workspace_id: ws(declared.workspace).id,
    asset_type: declared.type ?? 'logo',
    mime_type: declared.mime ?? 'image/png',
    size_bytes: declared.size,
  });
}

/** An upload URL the agency admin of A asked for, answered 201. */
async function grantedUrl(declared: Declared): Promise<BrandingAssetUploadUrl> {
  const response = await uploadUrl('A.agency_admin', declared);
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as BrandingAssetUploadUrl;
}

/** The base URL's origin: upload URLs are path-relative, resolved against the page's host. */
const ORIGIN = 'http://localhost:3000';

/** PUTs `body` to a signed URL, without a session. */
function put(
  url: string,
  body: BodyInit,
  headers: Record<string, string> = {},
  api = setup.api,
): Promise<Response> {
  const { pathname, search } = new URL(url, ORIGIN);
  return Promise.resolve(
    api.request(`${pathname}${search}`, {
      method: 'PUT',
      body,
      headers: { 'content-type': 'application/octet-stream', ...headers },
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
    }),
  );
}

async function uploaded(workspace: TreeKey, bytes: Buffer, type = 'logo'): Promise<BrandingAsset> {
  const mime = bytes[0] === 0xff ? 'image/jpeg' : 'image/png';
  const url = await grantedUrl({ workspace, type, mime, size: bytes.length });
  const response = await put(url.upload_url, new Uint8Array(bytes));
  expect(response.status, await response.clone().text()).toBe(200);
  return ((await response.json()) as { asset: BrandingAsset }).asset;
}

async function row(id: string) {
  const { rows } = await setup.database.admin.query<Record<string, unknown>>(
    `select scan_status, rejected_reason, upload_token_sha256, storage_path, active, scan_engine,
            scan_detail from public.branding_assets where id = $1`,
    [id],
  );
  return rows[0];
}

/** The files stored so far (none before the first upload made the directory). */
async function storedFiles(): Promise<string[]> {
  const names = await readdir(storageDir).catch(() => []);
  return names.filter((name) => !name.startsWith('.'));
}

afterAll(async () => {
  await rm(storageDir, { recursive: true, force: true });
});

describe('POST /branding/assets/logo-upload-url', () => {
  it('answers a signed URL for branding.edit in the workspace, audited', async () => {
    const response = await uploadUrl('A.agency_admin', { workspace: 'A1', size: png.length });
    expect(response.status).toBe(201);
    const body = (await response.json()) as BrandingAssetUploadUrl;
    expect(body.upload_url).toMatch(
      new RegExp(
        `^/api/branding/assets/${body.asset_id}/upload\\?expires=\\d+&signature=[\\w-]{43}$`,
      ),
    );
    const expiresIn = Date.parse(body.expires_at) - Date.now();
    expect(expiresIn).toBeGreaterThan(9 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(10 * 60_000);
    const audit = await auditRowsOf(setup.database, correlationIdOf(response));
    expect(audit).toStrictEqual([
      {
        workspace_id: ws('A1').id,
        actor_user_id: member('A.agency_admin').id,
        impersonator_user_id: null,
        action: 'branding_asset.upload_url',
        target_type: 'branding_asset',
        target_id: body.asset_id,
        metadata_json: {
          asset_type: 'logo',
          mime_type: 'image/png',
          size_bytes: png.length,
          expires_at: body.expires_at,
        },
      },
    ]);
  });

  it.each([
    ['A1.business_user', 'A1', 'PERMISSION_DENIED', { required_permission: 'branding.edit' }],
    ['A.agency_user', 'A', 'PERMISSION_DENIED', { required_permission: 'branding.edit' }],
    // An agency user does not see the agency's businesses at all.
    ['A.agency_user', 'A1', 'WORKSPACE_FORBIDDEN', { workspace_id: 'A1' }],
    ['A1.business_admin', 'A', 'WORKSPACE_FORBIDDEN', { workspace_id: 'A' }],
    ['B.agency_admin', 'A1', 'WORKSPACE_FORBIDDEN', { workspace_id: 'A1' }],
    ['B1.business_admin', 'A1', 'WORKSPACE_FORBIDDEN', { workspace_id: 'A1' }],
  ] as const)('%s for %s: %s, nothing written', async (who, workspace, code, details) => {
    const before = await setup.database.admin.query('select count(*) from public.branding_assets');
    const response = await uploadUrl(who, { workspace, size: 100 });
    const expected =
      'workspace_id' in details ? { workspace_id: ws(details.workspace_id).id } : details;
    await expectError(response, code, expected);
    const after = await setup.database.admin.query('select count(*) from public.branding_assets');
    expect(after.rows).toStrictEqual(before.rows);
  });

  it('the business manager (branding.edit) may upload for its own business', async () => {
    expect((await uploadUrl('A1.business_manager', { workspace: 'A1', size: 10 })).status).toBe(
      201,
    );
  });

  it('refuses SVG saying why, other types, and sizes over the type’s limit', async () => {
    await expectError(
      await uploadUrl('A.agency_admin', { workspace: 'A1', mime: 'image/svg+xml', size: 10 }),
      INVALID,
      {
        reason: 'unsupported_type',
        accepted_types: ['image/png', 'image/jpeg', 'image/webp'],
        explanation:
          'SVG is refused: an SVG is a document that can carry scripts and external links, and it is not sanitised here. Export a PNG or WebP.',
      },
      MESSAGES.unsupported_type,
    );
    await expectError(
      await uploadUrl('A.agency_admin', { workspace: 'A1', mime: 'text/html', size: 10 }),
      INVALID,
      {
        reason: 'unsupported_type',
        accepted_types: ['image/png', 'image/jpeg', 'image/webp'],
        explanation: 'text/html is not accepted: upload a PNG, JPEG or WebP image.',
      },
      MESSAGES.unsupported_type,
    );
    await expectError(
      await uploadUrl('A.agency_admin', { workspace: 'A1', type: 'favicon', size: 256 * 1024 + 1 }),
      INVALID,
      { reason: 'too_large', max_bytes: 256 * 1024, size_bytes: 256 * 1024 + 1 },
      MESSAGES.too_large,
    );
    // Parameters are refused with how to write it; nothing is written.
    const before = await setup.database.admin.query('select count(*) from public.branding_assets');
    await expectError(
      await uploadUrl('A.agency_admin', {
        workspace: 'A1',
        mime: 'image/png; charset=utf-8',
        size: 10,
      }),
      INVALID,
      {
        reason: 'unsupported_type',
        accepted_types: ['image/png', 'image/jpeg', 'image/webp'],
        explanation:
          'image/png; charset=utf-8 is not accepted: give the type alone, without parameters (image/png, not image/png; charset=...).',
      },
      MESSAGES.unsupported_type,
    );
    const after = await setup.database.admin.query('select count(*) from public.branding_assets');
    expect(after.rows).toStrictEqual(before.rows);
  });

  it('takes the type in any case (IMAGE/PNG is image/png), stored and checked in lower case', async () => {
    const url = await grantedUrl({ workspace: 'A1', mime: ' IMAGE/PNG ', size: png.length });
    const stored = await setup.database.admin.query(
      'select mime_type from public.branding_assets where id = $1',
      [url.asset_id],
    );
    expect(stored.rows).toStrictEqual([{ mime_type: 'image/png' }]);
    const response = await put(url.upload_url, new Uint8Array(png));
    expect(response.status, await response.clone().text()).toBe(200);
    const { asset } = (await response.json()) as { asset: BrandingAsset };
    expect(asset.mime_type).toBe('image/png');
  });

  it('hostile input is a validation error', async () => {
    const response = await call('A.agency_admin', 'POST', '/branding/assets/logo-upload-url', {
      workspace_id: ws('A1').id,
      asset_type: 'logo\u0000',
      mime_type: 'image/png',
      size_bytes: -1,
    });
    expect(response.status).toBe(422);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'VALIDATION_BLOCKING',
    );
  });
});

describe('PUT /branding/assets/{id}/upload', () => {
  it('takes a real PNG without a session: re-encoded, metadata stripped, stored by hash, audited', async () => {
    expect(JSON.stringify(await sharp(pngWithExif).metadata())).toContain('exif');
    const url = await grantedUrl({ workspace: 'A1', size: pngWithExif.length });
    const response = await put(url.upload_url, new Uint8Array(pngWithExif));
    expect(response.status, await response.clone().text()).toBe(200);
    const { asset } = (await response.json()) as { asset: BrandingAsset };
    expect(asset).toMatchObject({
      id: url.asset_id,
      workspace_id: ws('A1').id,
      asset_type: 'logo',
      mime_type: 'image/png',
      width: 40,
      height: 20,
      scan_status: 'clean',
      scan_engine: 'builtin',
      scan_detail:
        'no antivirus ran: built-in check for the EICAR test string only (set CLAMD_URL)',
      rejected_reason: null,
      active: false,
    });
    const file = /^\/api\/branding\/files\/([0-9a-f]{64}\.png)$/.exec(asset.url ?? '');
    expect(file).not.toBeNull();
    expect(await storedFiles()).toContain(file?.[1]);

    const served = await setup.api.request(asset.url ?? '');
    expect(served.status).toBe(200);
    expect(
      Object.fromEntries(
        ['content-type', 'cache-control', 'x-content-type-options'].map((name) => [
          name,
          served.headers.get(name),
        ]),
      ),
    ).toStrictEqual({
      'content-type': 'image/png',
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
    });
    expect(served.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    const bytes = Buffer.from(await served.arrayBuffer());
    const metadata = await sharp(bytes).metadata();
    expect(metadata.exif).toBeUndefined();
    expect(bytes.includes(Buffer.from('secret-exif-marker'))).toBe(false);

    const audit = await auditRowsOf(setup.database, correlationIdOf(response));
    expect(audit).toMatchObject([
      {
        workspace_id: ws('A1').id,
        actor_user_id: member('A.agency_admin').id,
        action: 'branding_asset.upload',
        target_id: asset.id,
        metadata_json: { asset_type: 'logo', outcome: 'clean', scan_engine: 'builtin' },
      },
    ]);
  });

  it('a JPEG stays a JPEG; a favicon is stored as PNG', async () => {
    expect((await uploaded('A1', jpeg)).mime_type).toBe('image/jpeg');
    expect((await uploaded('A1', jpeg, 'favicon')).mime_type).toBe('image/png');
  });

  const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
  const html = Buffer.from('<!doctype html><html><script>alert(1)</script></html>');
  const zip = Buffer.from('504b0304140000000000', 'hex');
  const svg = Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
  );

  it.each([
    [
      'a PNG declared as JPEG',
      () => png,
      'image/jpeg',
      'type_mismatch',
      { declared_type: 'image/jpeg', detected_type: 'image/png' },
    ],
    ['a GIF', () => gif, 'image/png', 'unsupported_type', { detected_type: 'image/gif' }],
    ['an SVG', () => svg, 'image/png', 'unsupported_type', { detected_type: null }],
    ['HTML', () => html, 'image/png', 'unsupported_type', { detected_type: null }],
    ['a zip', () => zip, 'image/png', 'unsupported_type', { detected_type: 'application/zip' }],
    [
      'a PNG carrying the EICAR test string',
      () => Buffer.concat([png, Buffer.from(EICAR_TEST_STRING, 'latin1')]),
      'image/png',
      'scan_failed',
      { signature: 'EICAR-Test-File', scan_engine: 'builtin' },
    ],
  ] as const)(
    '%s: refused, nothing stored, the URL spent',
    async (_name, bytes, mime, reason, details) => {
      const before = await storedFiles();
      const url = await grantedUrl({ workspace: 'A1', mime, size: bytes().length });
      const response = await put(url.upload_url, new Uint8Array(bytes()));
      await expectError(response, INVALID, { reason, ...details }, MESSAGES[reason]);
      expect(await storedFiles()).toStrictEqual(before);
      expect(await row(url.asset_id)).toMatchObject({
        scan_status: 'rejected',
        rejected_reason: reason,
        upload_token_sha256: null,
        storage_path: null,
      });
      await expectError(
        await put(url.upload_url, new Uint8Array(png)),
        INVALID,
        { reason: 'used' },
        MESSAGES.used,
      );
    },
  );

  it('a body over the declared size: refused by Content-Length before reading, and while streaming', async () => {
    const url = await grantedUrl({ workspace: 'A1', size: 100 });
    await expectError(
      await put(url.upload_url, new Uint8Array(png.length > 100 ? png : Buffer.alloc(200))),
      INVALID,
      { reason: 'too_large', max_bytes: 100, declared_bytes: 100 },
      overDeclared(100),
    );
    expect(await row(url.asset_id)).toMatchObject({ rejected_reason: 'too_large' });

    const chunked = await grantedUrl({ workspace: 'A1', size: 1000 });
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        // Unbounded: it would go on for ever if the server read it all.
        controller.enqueue(new Uint8Array(512));
      },
    });
    await expectError(
      await put(chunked.upload_url, stream),
      INVALID,
      { reason: 'too_large', max_bytes: 1000, declared_bytes: 1000 },
      overDeclared(1000),
    );
    expect(pulled).toBeLessThan(10);
    expect(await storedFiles()).not.toContain(undefined);
  });

  it('over a real socket: an oversized Content-Length is answered before the body is sent', async () => {
    // An HTTP/1.1 server (node:http), so it can drop the connection left waiting for the body.
    const server = serve({ fetch: setup.api.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const url = new URL((await grantedUrl({ workspace: 'A1', size: 100 })).upload_url, ORIGIN);
      // Headers only: the 900 KB body is never written, so an answer proves nothing waited for it.
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const outgoing = request(
          {
            host: '127.0.0.1',
            port,
            method: 'PUT',
            path: `${url.pathname}${url.search}`,
            headers: { 'content-type': 'application/octet-stream', 'content-length': '900000' },
            agent: false,
          },
          (response) => {
            let body = '';
            response.on('data', (chunk: Buffer) => (body += chunk.toString()));
            response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
          },
        );
        outgoing.on('error', reject);
        outgoing.flushHeaders();
      });
      expect(answer.status).toBe(422);
      expect(
        (JSON.parse(answer.body) as { error: { details: unknown } }).error.details,
      ).toStrictEqual({ reason: 'too_large', max_bytes: 100, declared_bytes: 100 });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('a Content-Length over every type’s limit is refused before the database is asked', async () => {
    const url = await grantedUrl({ workspace: 'A1', size: 100 });
    await expectError(
      await put(url.upload_url, new Uint8Array(10), { 'content-length': String(6 * 1024 * 1024) }),
      INVALID,
      { reason: 'too_large', max_bytes: 5 * 1024 * 1024 },
      MESSAGES.too_large,
    );
  });

  it('a tampered signature, expiry or id is bad_signature and spends nothing', async () => {
    const url = await grantedUrl({ workspace: 'A1', size: png.length });
    const signed = new URL(url.upload_url, ORIGIN);
    const signature = signed.searchParams.get('signature') ?? '';
    const tampered = [
      // Another last character (never the same one, or the URL would be intact).
      url.upload_url.replace(
        `signature=${signature}`,
        `signature=${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`,
      ),
      url.upload_url.replace(/expires=(\d+)/, (_m, v: string) => `expires=${Number(v) + 60}`),
      url.upload_url.replace(url.asset_id, '00000000-0000-4000-8000-000000000000'),
    ];
    for (const target of tampered) {
      await expectError(
        await put(target, new Uint8Array(png)),
        INVALID,
        { reason: 'bad_signature' },
        MESSAGES.bad_signature,
      );
    }
    expect(await row(url.asset_id)).toMatchObject({ scan_status: 'pending' });
    expect((await put(url.upload_url, new Uint8Array(png))).status).toBe(200);
    await expectError(
      await put(url.upload_url, new Uint8Array(png)),
      INVALID,
      { reason: 'used' },
      MESSAGES.used,
    );
  });

  it('an expired URL is refused and spent', async () => {
    const expiring = createTestApi(setup.database.db, {
      // URLs that expired a second before they were made.
      brandingAssets: { ...setup.deps.brandingAssets, uploadUrlTtlSeconds: -1 },
    });
    const response = await expiring.api.request(
      '/api/branding/assets/logo-upload-url',
      as(setup.tokens['A.agency_admin'], 'POST', {
        workspace_id: ws('A1').id,
        asset_type: 'logo',
        mime_type: 'image/png',
        size_bytes: png.length,
      }),
    );
    const url = (await response.json()) as BrandingAssetUploadUrl;
    await expectError(
      await put(url.upload_url, new Uint8Array(png)),
      INVALID,
      { reason: 'expired' },
      MESSAGES.expired,
    );
    expect(await row(url.asset_id)).toMatchObject({
      scan_status: 'rejected',
      rejected_reason: 'expired',
      upload_token_sha256: null,
    });
    await expiring.deps.sessionCache.close();
  });

  it('with clamd (a stand-in on loopback): clean, FOUND, and down fails closed', async () => {
    const standIn = await startClamdStandIn({
      signatures: { [EICAR_TEST_STRING]: 'Win.Test.EICAR_HDB-1' },
    });
    const withClamd = (url: string) =>
      createTestApi(setup.database.db, {
        brandingAssets: {
          ...setup.deps.brandingAssets,
          scanner: createClamdScanner({ url, timeoutMs: 2000 }),
        },
      });
    try {
      const clamd = withClamd(standIn.url);
      const clean = await grantedUrl({ workspace: 'A1', size: png.length });
      const accepted = await put(clean.upload_url, new Uint8Array(png), {}, clamd.api);
      expect(((await accepted.json()) as { asset: BrandingAsset }).asset).toMatchObject({
        scan_status: 'clean',
        scan_engine: 'clamav',
        scan_detail: 'clamd: OK',
      });
      // clamd got the bytes as sent, before re-encoding.
      expect(standIn.received.at(-1)?.equals(png)).toBe(true);

      const infected = Buffer.concat([png, Buffer.from(EICAR_TEST_STRING, 'latin1')]);
      const found = await grantedUrl({ workspace: 'A1', size: infected.length });
      await expectError(
        await put(found.upload_url, new Uint8Array(infected), {}, clamd.api),
        INVALID,
        { reason: 'scan_failed', signature: 'Win.Test.EICAR_HDB-1', scan_engine: 'clamav' },
        MESSAGES.scan_failed,
      );
      expect(await row(found.asset_id)).toMatchObject({
        scan_status: 'rejected',
        scan_engine: 'clamav',
        scan_detail: 'clamd: Win.Test.EICAR_HDB-1 FOUND',
      });
    } finally {
      await standIn.close();
    }

    // The stand-in is gone: nothing listens on its port any more.
    const before = await storedFiles();
    const url = await grantedUrl({ workspace: 'A1', size: png.length });
    const response = await put(url.upload_url, new Uint8Array(png), {}, withClamd(standIn.url).api);
    const body = (await response.clone().json()) as { error: { details: { detail: string } } };
    expect(body.error.details.detail).toMatch(
      /^scan failed closed: clamd unreachable: connect ECONNREFUSED/,
    );
    await expectError(
      response,
      INVALID,
      { reason: 'scan_failed', detail: body.error.details.detail },
      MESSAGES.scan_failed,
    );
    expect(await row(url.asset_id)).toMatchObject({
      scan_status: 'rejected',
      rejected_reason: 'scan_failed',
    });
    expect(await storedFiles()).toStrictEqual(before);
  });
});

describe('PUT /branding/assets/{id}/upload: order, limits and binding', () => {
  it('the path-relative URL works from any host the page is on (a workspace platform host)', async () => {
    const url = await grantedUrl({ workspace: 'A1', size: png.length });
    const onWorkspaceHost = new URL(url.upload_url, 'http://a1-business.localhost:3000');
    expect(onWorkspaceHost.host).toBe('a1-business.localhost:3000');
    const response = await setup.api.request(onWorkspaceHost.href, {
      method: 'PUT',
      body: new Uint8Array(png),
      headers: { 'content-type': 'application/octet-stream' },
    });
    expect(response.status, await response.clone().text()).toBe(200);
  });

  it('the scan reads the bytes before any decoder: a GIF carrying EICAR is scan_failed, not unsupported_type', async () => {
    const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
    const bytes = Buffer.concat([gif, Buffer.from(EICAR_TEST_STRING, 'latin1')]);
    const url = await grantedUrl({ workspace: 'A1', size: bytes.length });
    await expectError(
      await put(url.upload_url, new Uint8Array(bytes)),
      INVALID,
      { reason: 'scan_failed', signature: 'EICAR-Test-File', scan_engine: 'builtin' },
      MESSAGES.scan_failed,
    );
  });

  it('a scanner that throws is recorded under its own engine', async () => {
    const failing = createTestApi(setup.database.db, {
      brandingAssets: {
        ...setup.deps.brandingAssets,
        scanner: { engine: 'builtin', scan: () => Promise.reject(new Error('scanner down')) },
      },
    });
    const url = await grantedUrl({ workspace: 'A1', size: png.length });
    const detail = 'scan failed closed: scanner down';
    await expectError(
      await put(url.upload_url, new Uint8Array(png), {}, failing.api),
      INVALID,
      { reason: 'scan_failed', detail },
      MESSAGES.scan_failed,
    );
    expect(await row(url.asset_id)).toMatchObject({
      scan_status: 'rejected',
      rejected_reason: 'scan_failed',
      scan_engine: 'builtin',
      scan_detail: detail,
    });
    await failing.deps.sessionCache.close();
  });

  it('pixel limits per type: a small flat 20 MP PNG is undecodable as a logo, accepted as a sign-in background', async () => {
    const flat = await sharp({
      create: { width: 5000, height: 4000, channels: 3, background: '#ffffff' },
    })
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect(flat.length).toBeLessThan(1024 * 1024);
    const logo = await grantedUrl({ workspace: 'A1', size: flat.length });
    await expectError(
      await put(logo.upload_url, new Uint8Array(flat)),
      INVALID,
      { reason: 'undecodable' },
      'The image could not be read. It may be damaged or too large in pixels.',
    );
    expect(await row(logo.asset_id)).toMatchObject({ rejected_reason: 'undecodable' });
    const background = await uploaded('A1', flat, 'login_background');
    expect([background.width, background.height]).toStrictEqual([4096, 3277]);
  });

  it('an upload cut off mid-body marks the asset rejected (incomplete)', async () => {
    const server = serve({ fetch: setup.api.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const url = await grantedUrl({ workspace: 'A1', size: 50_000 });
      const signed = new URL(url.upload_url, ORIGIN);
      const outgoing = request({
        host: '127.0.0.1',
        port,
        method: 'PUT',
        path: `${signed.pathname}${signed.search}`,
        headers: { 'content-type': 'application/octet-stream', 'content-length': '50000' },
        agent: false,
      });
      outgoing.on('error', () => undefined);
      outgoing.write(Buffer.alloc(1000));
      await new Promise((resolve) => setTimeout(resolve, 200));
      outgoing.destroy();
      await expect
        .poll(async () => row(url.asset_id), { timeout: 15_000, interval: 100 })
        .toMatchObject({
          scan_status: 'rejected',
          rejected_reason: 'incomplete',
          upload_token_sha256: null,
          storage_path: null,
        });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('the signature of asset X with the id of another pending asset Y is bad_signature; neither is spent', async () => {
    const x = await grantedUrl({ workspace: 'A1', size: png.length });
    const y = await grantedUrl({ workspace: 'A1', size: png.length });
    const before = [await row(x.asset_id), await row(y.asset_id)];
    await expectError(
      await put(x.upload_url.replace(x.asset_id, y.asset_id), new Uint8Array(png)),
      INVALID,
      { reason: 'bad_signature' },
      MESSAGES.bad_signature,
    );
    expect([await row(x.asset_id), await row(y.asset_id)]).toStrictEqual(before);
    expect(before.map((r) => r?.scan_status)).toStrictEqual(['pending', 'pending']);
  });
});

describe('a business admin and its agency’s assets', () => {
  it('cannot activate or deactivate the agency’s asset it inherits; nothing changes', async () => {
    const asset = await uploaded('A', png, 'favicon');
    expect(
      (await call('A.agency_admin', 'POST', `/branding/assets/${asset.id}/activate`)).status,
    ).toBe(200);
    const listed = (await (
      await call('A1.business_admin', 'GET', `/branding/assets?workspace_id=${ws('A1').id}`)
    ).json()) as BrandingAssetList;
    expect(listed.effective.favicon?.asset.id).toBe(asset.id);
    const before = await setup.database.admin.query(
      'select id, active from public.branding_assets order by id',
    );
    for (const action of ['deactivate', 'activate'] as const) {
      await expectError(
        await call('A1.business_admin', 'POST', `/branding/assets/${asset.id}/${action}`),
        'NOT_FOUND',
        { asset_id: asset.id },
      );
    }
    const after = await setup.database.admin.query(
      'select id, active from public.branding_assets order by id',
    );
    expect(after.rows).toStrictEqual(before.rows);
    await call('A.agency_admin', 'POST', `/branding/assets/${asset.id}/deactivate`);
  });
});

describe('the sign-in page shows the effective sign-in logo and background', () => {
  /** The workspace's platform host `<slug>.localhost` (the seeded tree has no slugs). */
  async function signInBrandingOf(key: TreeKey): Promise<SignInBranding> {
    const slug = `assets-${key.toLowerCase()}-${ws(key).id.slice(0, 8)}`;
    await setup.database.admin.query(
      'update public.workspaces set slug = $2 where id = $1 and slug is distinct from $2',
      [ws(key).id, slug],
    );
    const response = await setup.api.request(
      `http://${slug}.localhost/api/branding/sign-in-context`,
    );
    expect(response.status).toBe(200);
    const branding = (await response.json()) as SignInBranding;
    expect(branding.host_kind).toBe('workspace_platform_host');
    return branding;
  }
  const set = async (id: string, action: 'activate' | 'deactivate', who: MemberLabel) =>
    expect((await call(who, 'POST', `/branding/assets/${id}/${action}`)).status).toBe(200);

  it('login_logo, else the effective logo when the profile picks none; login_background inherited', async () => {
    const before = await signInBrandingOf('A2');
    expect([before.logo_url, before.background_url]).toStrictEqual([null, null]);
    const agencyLogo = await uploaded('A', png);
    const background = await uploaded('A', jpeg, 'login_background');
    // Other pixels than the logo's: stored files are named by content.
    const red = await sharp({
      create: { width: 30, height: 30, channels: 3, background: '#dc2626' },
    })
      .png()
      .toBuffer();
    const loginLogo = await uploaded('A', red, 'login_logo');
    expect(loginLogo.url).not.toBe(agencyLogo.url);
    await set(agencyLogo.id, 'activate', 'A.agency_admin');
    await set(background.id, 'activate', 'A.agency_admin');
    try {
      // The business has no logo of its own: its agency's, inherited, and its background.
      expect(await signInBrandingOf('A2')).toMatchObject({
        logo_url: agencyLogo.url,
        background_url: background.url,
      });
      await set(loginLogo.id, 'activate', 'A.agency_admin');
      expect(await signInBrandingOf('A2')).toMatchObject({
        logo_url: loginLogo.url,
        background_url: background.url,
      });
      // Another tree shows neither.
      expect(await signInBrandingOf('B1')).toMatchObject({ logo_url: null, background_url: null });
    } finally {
      for (const asset of [agencyLogo, background, loginLogo]) {
        await set(asset.id, 'deactivate', 'A.agency_admin');
      }
    }
    expect(await signInBrandingOf('A2')).toMatchObject({ logo_url: null, background_url: null });
  });
});

describe('the header logos cache and the sign-in cache forget on (de)activation', () => {
  it('keeps a workspace’s logos while listening and forgets them when an ancestor activates one', async () => {
    // One listening connection for both, as the runtime's.
    const hub = createChannelHub(setup.database.db);
    const logos = createWorkspaceLogosCache(setup.database.db, { ttlMs: 60_000, hub });
    const signIn = createSignInBrandingCache(setup.database.db, {
      ttlMs: 60_000,
      hub,
      // A1's sign-in page, whatever the host.
      resolveHost: () => Promise.resolve({ workspace_id: ws('A1').id, kind: 'platform' }),
    });
    logos.listen();
    signIn.listen();
    try {
      // Polls wait up to 15 s (a loaded machine), well under the caches' 60 s TTL: only the
      // notification can make them forget in time.
      const notified = { timeout: 15_000 };
      await expect.poll(() => logos.active && signIn.active, notified).toBe(true);
      expect(await logos.logosOf(ws('A1').id)).toStrictEqual({
        light: null,
        dark: null,
        favicon: null,
      });
      expect((await signIn.forHost('x')).background_url).toBeNull();
      const logo = await uploaded('A', png);
      const background = await uploaded('A', jpeg, 'login_background');
      // Kept: a row written behind the caches' back (no notification) is not seen.
      await setup.database.admin.query(
        'update public.branding_assets set active = true where id = $1',
        [logo.id],
      );
      expect((await logos.logosOf(ws('A1').id)).light).toBeNull();
      await setup.database.admin.query(
        'update public.branding_assets set active = false where id = $1',
        [logo.id],
      );
      // An activation through the API notifies: both caches forget, within the delivery.
      for (const asset of [logo, background]) {
        const response = await call(
          'A.agency_admin',
          'POST',
          `/branding/assets/${asset.id}/activate`,
        );
        expect(response.status).toBe(200);
      }
      await expect
        .poll(async () => (await logos.logosOf(ws('A1').id)).light, notified)
        .toBe(logo.url);
      await expect
        .poll(async () => (await signIn.forHost('x')).background_url, notified)
        .toBe(background.url);
      expect((await signIn.forHost('x')).logo_url).toBe(logo.url);
      await call('A.agency_admin', 'POST', `/branding/assets/${logo.id}/deactivate`);
      await call('A.agency_admin', 'POST', `/branding/assets/${background.id}/deactivate`);
      await expect.poll(async () => (await logos.logosOf(ws('A1').id)).light, notified).toBeNull();
    } finally {
      await logos.close();
      await signIn.close();
    }
  });
});

describe('PUT /branding/assets/{id}/upload rate limit', () => {
  it('refuses uploads past the limit with RATE_LIMITED, before the URL is looked at', async () => {
    const limited = createTestApi(setup.database.db, {
      brandingAssets: setup.deps.brandingAssets,
      brandingUploadLimiter: createBrandingUploadLimiter(setup.database.db.pool, 1),
    });
    const url = await grantedUrl({ workspace: 'A1', size: png.length });
    await expectError(
      await put(
        url.upload_url.replace('signature=', 'signature=x'),
        new Uint8Array(png),
        {},
        limited.api,
      ),
      INVALID,
      { reason: 'bad_signature' },
      MESSAGES.bad_signature,
    );
    const refused = await put(url.upload_url, new Uint8Array(png), {}, limited.api);
    const body = (await refused.clone().json()) as {
      error: { details: { retry_after_seconds: number } };
    };
    await expectError(refused, 'RATE_LIMITED', {
      retry_after_seconds: body.error.details.retry_after_seconds,
    });
    expect(body.error.details.retry_after_seconds).toBeGreaterThan(500);
    expect(await row(url.asset_id)).toMatchObject({ scan_status: 'pending' });
    await limited.deps.sessionCache.close();
  });
});

describe('GET /branding/files/{file} rate limit', () => {
  it('over a real socket: past the limit per client address RATE_LIMITED with Retry-After, before the store is asked', async () => {
    const asset = await uploaded('A1', png);
    const asked: string[] = [];
    const { storage } = setup.deps.brandingAssets;
    const limited = createTestApi(setup.database.db, {
      brandingAssets: {
        ...setup.deps.brandingAssets,
        storage: { put: (k, b) => storage.put(k, b), get: (k) => (asked.push(k), storage.get(k)) },
      },
      brandingFileLimiter: createBrandingFileLimiter(setup.database.db.pool, 2),
    });
    const server = serve({ fetch: limited.api.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const get = (file: string) => fetch(`http://127.0.0.1:${port}/api/branding/files/${file}`);
    try {
      const file = asset.url?.split('/').at(-1) ?? '';
      const random = `${'0'.repeat(64)}.png`;
      expect((await get(file)).status).toBe(200);
      await expectError(await get(random), 'NOT_FOUND');
      // Two files from one address spent its budget: the third request, for a file that exists, is refused.
      const refused = await get(file);
      const body = (await refused.clone().json()) as {
        error: { details: { retry_after_seconds: number } };
      };
      await expectError(refused, 'RATE_LIMITED', {
        retry_after_seconds: body.error.details.retry_after_seconds,
      });
      expect(body.error.details.retry_after_seconds).toBeGreaterThan(500);
      expect(refused.headers.get('retry-after')).toBe(
        String(body.error.details.retry_after_seconds),
      );
      expect(asked).toStrictEqual([file, random]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await limited.deps.sessionCache.close();
    }
  });
});

describe('activation and the effective asset', () => {
  it('activates a clean asset, replacing the previous one in one change; inherited by the businesses', async () => {
    const first = await uploaded('A', png);
    const second = await uploaded('A', jpeg);
    const activate = (id: string, who: MemberLabel = 'A.agency_admin') =>
      call(who, 'POST', `/branding/assets/${id}/activate`);
    expect((await activate(first.id)).status).toBe(200);
    const response = await activate(second.id);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { asset: BrandingAsset }).asset.active).toBe(true);
    expect(await row(first.id)).toMatchObject({ active: false });
    expect(await auditRowsOf(setup.database, correlationIdOf(response))).toMatchObject([
      {
        action: 'branding_asset.activate',
        target_id: second.id,
        metadata_json: { asset_type: 'logo', previous_asset_id: first.id },
      },
    ]);

    // A2 has no logo of its own: it shows its agency's, and says so.
    const listed = await call(
      'A2.business_user',
      'GET',
      `/branding/assets?workspace_id=${ws('A2').id}`,
    );
    expect(listed.status).toBe(200);
    const list = (await listed.json()) as BrandingAssetList;
    expect(list.assets).toStrictEqual([]);
    expect(list.effective.logo).toMatchObject({
      asset: { id: second.id, url: second.url },
      source_workspace_id: ws('A').id,
      inherited: true,
    });
    expect(list.effective.favicon).toBeNull();

    // Another tenant sees neither the list nor the asset.
    await expectError(
      await call('B.agency_admin', 'GET', `/branding/assets?workspace_id=${ws('A2').id}`),
      'WORKSPACE_FORBIDDEN',
      { workspace_id: ws('A2').id },
    );
    await expectError(await activate(second.id, 'B.agency_admin'), 'NOT_FOUND', {
      asset_id: second.id,
    });
    await expectError(await activate(second.id, 'A1.business_user'), 'PERMISSION_DENIED', {
      required_permission: 'branding.edit',
    });

    const off = await call('A.agency_admin', 'POST', `/branding/assets/${second.id}/deactivate`);
    expect(off.status).toBe(200);
    const after = (await (
      await call('A2.business_user', 'GET', `/branding/assets?workspace_id=${ws('A2').id}`)
    ).json()) as BrandingAssetList;
    expect(after.effective.logo).toBeNull();
  });

  // Logos inherit like theme tokens (no locks): super x agency x business, each set or unset.
  it.each([
    [false, false, false, null],
    [true, false, false, 'S'],
    [false, true, false, 'A'],
    [true, true, false, 'A'],
    [false, false, true, 'A1'],
    [true, false, true, 'A1'],
    [false, true, true, 'A1'],
    [true, true, true, 'A1'],
  ] as const)(
    'inheritance: super %s, agency %s, business %s -> the business shows %s’s',
    async (superSet, agencySet, businessSet, expected) => {
      const keys = ['S', 'A', 'A1'] as const;
      const ids: Record<string, string> = {};
      for (const [index, key] of keys.entries()) {
        const { rows } = await setup.database.admin.query<{ id: string }>(
          `insert into public.branding_assets
             (workspace_id, asset_type, storage_path, mime_type, size_bytes, scan_status, uploaded_at, active)
           values ($1, 'login_background', $2, 'image/png', 68, 'clean', now(), $3) returning id`,
          [
            ws(key).id,
            `${String(index).repeat(64)}.png`,
            [superSet, agencySet, businessSet][index],
          ],
        );
        ids[key] = rows[0]?.id ?? '';
      }
      try {
        const response = await call('A1.business_user', 'GET', '/branding/assets');
        const { effective } = (await response.json()) as BrandingAssetList;
        const shown = effective.login_background;
        expect(
          shown === null ? null : [shown.asset.id, shown.source_workspace_id, shown.inherited],
        ).toStrictEqual(
          expected === null ? null : [ids[expected], ws(expected).id, expected !== 'A1'],
        );
      } finally {
        await setup.database.admin.query('delete from public.branding_assets where id = any($1)', [
          Object.values(ids),
        ]);
      }
    },
  );

  it('a pending or refused asset cannot be activated', async () => {
    const url = await grantedUrl({ workspace: 'A1', size: 10 });
    await expectError(
      await call('A.agency_admin', 'POST', `/branding/assets/${url.asset_id}/activate`),
      INVALID,
      { reason: 'not_uploaded', scan_status: 'pending' },
      MESSAGES.not_uploaded,
    );
    expect(await row(url.asset_id)).toMatchObject({ active: false });
  });

  it('an unknown file is NOT_FOUND; a name that is no hash too', async () => {
    for (const name of [
      `${'0'.repeat(64)}.png`,
      '..%2F..%2Fetc%2Fpasswd',
      `${'a'.repeat(64)}.svg`,
    ]) {
      await expectError(await setup.api.request(`/api/branding/files/${name}`), 'NOT_FOUND');
    }
  });

  it('the former file address answers a permanent redirect to the current one', async () => {
    const name = `${'0'.repeat(64)}.png`;
    const moved = await setup.api.request(`/api/branding/assets/files/${name}`);
    expect(moved.status).toBe(308);
    expect(moved.headers.get('location')).toBe(`/api/branding/files/${name}`);
    // Whatever the old address held, the redirect stays on this API's file route.
    const hostile = await setup.api.request('/api/branding/assets/files/..%2F..%2Fdomains');
    expect(hostile.headers.get('location')).toBe('/api/branding/files/..%2F..%2Fdomains');
  });
});

import { createRoute, z } from '@hono/zod-openapi';
import {
  activateBrandingAsset,
  assetFileUrl,
  createAssetUploadUrl,
  deactivateBrandingAsset,
  listBrandingAssets,
  readBrandingAssetFile,
  uploadBrandingAsset,
} from '@aiconnected/branding';
import { addressLimitKey } from '@aiconnected/identity';
import {
  BRANDING_ASSET_MAX_BYTES,
  BRANDING_ASSET_TYPES,
  brandingAssetListSchema,
  brandingAssetResultSchema,
  brandingAssetUploadUrlSchema,
  ShellError,
} from '@aiconnected/sdk-contracts';
import type { FeatureApp } from '../context';
import { clientAddress } from '../guard';
import { declareAccess } from '../http/access';
import { correlationHeaders } from '../http/correlation-header';
import { createRouter } from '../http/create-router';
import { errorResponses, GUARD_ERRORS } from '../http/error-responses';
import { jsonBody, jsonResponse } from '../http/json-schemas';

const idParams = z.object({ id: z.uuid().meta({ description: 'Branding asset id' }) });
/** `branding.edit` in the workspace the request names or owns the asset (checked by the domain). */
const brandingEditInTarget = (note: string) =>
  declareAccess({
    kind: 'capability',
    requires: [
      { capabilities: ['branding.edit'], scope: 'target-workspace', checked_by: 'domain' },
    ],
    note,
  });

function uploadUrlRoute() {
  return createRoute({
    method: 'post',
    path: '/branding/assets/logo-upload-url',
    operationId: 'createBrandingAssetUploadUrl',
    ...brandingEditInTarget(
      'The target is `workspace_id`; an agency’s admins and managers may upload for its businesses.',
    ),
    tags: ['branding'],
    summary: 'Start a logo or image upload',
    description:
      'Answers a signed, single-use URL valid for 10 minutes, bound to the workspace, the asset type and the ' +
      'declared size: `PUT` the raw file there (no session needed; the signature is the credential). PNG, ' +
      'JPEG or WebP, in any case (`IMAGE/PNG` is stored as `image/png`), without parameters (`; charset=...` is ' +
      'refused); SVG is refused (it can carry scripts and is not sanitised). Per type at most: logo, ' +
      'logo_dark and login_logo 1 MiB; favicon 256 KiB; login_background 5 MiB. Audited as ' +
      '`branding_asset.upload_url`.',
    request: {
      body: jsonBody(
        z.object({
          workspace_id: z.uuid(),
          asset_type: z.enum(BRANDING_ASSET_TYPES),
          mime_type: z.string().min(1).max(100),
          size_bytes: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
        }),
      ),
    },
    responses: {
      201: jsonResponse(brandingAssetUploadUrlSchema, 'The signed upload URL'),
      ...errorResponses([
        ...GUARD_ERRORS,
        'PERMISSION_DENIED',
        'WORKSPACE_FORBIDDEN',
        'BRANDING_ASSET_INVALID',
        'VALIDATION_BLOCKING',
      ]),
    },
  });
}

function uploadRoute() {
  return createRoute({
    method: 'put',
    path: '/branding/assets/{id}/upload',
    operationId: 'uploadBrandingAsset',
    ...declareAccess({
      kind: 'public',
      note: 'The signed URL (`expires`, `signature`) is the credential; it works once.',
    }),
    tags: ['branding'],
    summary: 'Upload the file of a signed URL',
    description:
      'The raw file as the body. Refused with `BRANDING_ASSET_INVALID` and `details.reason`: `bad_signature`, ' +
      '`expired`, `used`, `too_large` (over the declared size, with `details.declared_bytes`, or the type’s ' +
      'limit, by Content-Length before reading or while streaming), `incomplete` (the body was cut off), `scan_failed` (malware found, or the ' +
      'scanner could not answer; the scan runs before any decoding), `unsupported_type`, `type_mismatch` (the ' +
      'bytes are not the declared type), `undecodable` (or over the type’s pixel limit). The accepted image is ' +
      're-encoded without metadata and stored by content hash. A file store that cannot take it: ' +
      '`SERVICE_UNAVAILABLE` (503, `details.reason: asset_store`, `Retry-After`); nothing is stored and ' +
      'the URL is not spent, so the same request can be sent again until the URL expires. Rate-limited ' +
      'per client address.',
    request: {
      params: idParams,
      query: z.object({
        expires: z.string().max(20),
        signature: z.string().max(100),
      }),
      body: {
        required: true,
        content: {
          'application/octet-stream': { schema: z.string().meta({ format: 'binary' }) },
        },
      },
    },
    responses: {
      200: jsonResponse(brandingAssetResultSchema, 'The uploaded, clean asset (not active yet)'),
      ...errorResponses([
        'BRANDING_ASSET_INVALID',
        'RATE_LIMITED',
        'VALIDATION_BLOCKING',
        'SERVICE_UNAVAILABLE',
      ]),
    },
  });
}

function fileRoute() {
  return createRoute({
    method: 'get',
    path: '/branding/files/{file}',
    operationId: 'getBrandingAssetFile',
    ...declareAccess({
      kind: 'public',
      note: 'Sign-in pages show logos before anyone signs in; the name is a content hash.',
    }),
    tags: ['branding'],
    summary: 'A stored asset file',
    description:
      'Served from storage by its content hash (`<sha256>.<png|jpg|webp>`), cacheable forever (the name ' +
      'changes with the content). A file store that cannot be reached: `SERVICE_UNAVAILABLE` (503, ' +
      '`Retry-After`, not cached). Rate-limited per client address (`RATE_LIMITED`, `Retry-After`, past ' +
      '600 in 10 minutes). The former address `/branding/assets/files/{file}` answers a permanent ' +
      'redirect (308) here.',
    request: {
      params: z.object({
        file: z.string().max(80).meta({ description: '`<sha256>.<ext>`', example: 'ab…cd.png' }),
      }),
    },
    responses: {
      200: {
        description: 'The file',
        headers: correlationHeaders,
        content: {
          'image/png': { schema: z.string().meta({ format: 'binary' }) },
          'image/jpeg': { schema: z.string().meta({ format: 'binary' }) },
          'image/webp': { schema: z.string().meta({ format: 'binary' }) },
        },
      },
      ...errorResponses([
        'NOT_FOUND',
        'RATE_LIMITED',
        'VALIDATION_BLOCKING',
        'SERVICE_UNAVAILABLE',
      ]),
    },
  });
}

function listRoute() {
  return createRoute({
    method: 'get',
    path: '/branding/assets',
    operationId: 'listBrandingAssets',
    ...declareAccess({ kind: 'in-scope' }),
    tags: ['branding'],
    summary: 'A workspace’s assets and the effective one per type',
    description:
      'Any member of a workspace in scope (default: the active one): its own uploaded and refused assets, ' +
      'newest first, and per type the asset it shows, with the workspace it comes from (business, else ' +
      'its agency, else the platform).',
    request: { query: z.object({ workspace_id: z.uuid().optional() }) },
    responses: {
      200: jsonResponse(brandingAssetListSchema, 'Assets and effective assets'),
      ...errorResponses([...GUARD_ERRORS, 'WORKSPACE_FORBIDDEN', 'VALIDATION_BLOCKING']),
    },
  });
}

function setActiveRoute(action: 'activate' | 'deactivate') {
  const activate = action === 'activate';
  return createRoute({
    method: 'post',
    path: `/branding/assets/{id}/${action}`,
    operationId: activate ? 'activateBrandingAsset' : 'deactivateBrandingAsset',
    ...brandingEditInTarget('The target is the asset’s workspace.'),
    tags: ['branding'],
    summary: activate ? 'Use an asset' : 'Stop using an asset',
    description: activate
      ? 'Makes an uploaded, clean asset the active one of its type in its workspace; the previous one is ' +
        'deactivated in the same change. Pending or refused: `BRANDING_ASSET_INVALID` (`not_uploaded`). ' +
        'An asset the caller cannot see, or none: `NOT_FOUND`. Audited as `branding_asset.activate`.'
      : 'The type inherits from the parent workspace again. Audited as `branding_asset.deactivate`.',
    request: { params: idParams },
    responses: {
      200: jsonResponse(brandingAssetResultSchema, 'The asset after the change'),
      ...errorResponses([
        ...GUARD_ERRORS,
        'PERMISSION_DENIED',
        'WORKSPACE_FORBIDDEN',
        'NOT_FOUND',
        'CONFLICT',
        ...(activate ? (['BRANDING_ASSET_INVALID'] as const) : []),
        'VALIDATION_BLOCKING',
      ]),
    },
  });
}

/** A request's declared body length, or null without one (chunked). */
function contentLengthOf(header: string | undefined): number | null {
  if (header === undefined || !/^\d{1,15}$/.test(header)) return null;
  return Number(header);
}

/** The branding asset endpoints of PRD §15.1, §20.3. */
export function brandingAssetRoutes(): FeatureApp {
  const app = createRouter();

  app.openapi(uploadUrlRoute(), async (c) => {
    const body = c.req.valid('json');
    const result = await createAssetUploadUrl(c.var.deps.db, c.var.deps.brandingAssets, {
      actor: c.var.context,
      workspaceId: body.workspace_id,
      assetType: body.asset_type,
      mimeType: body.mime_type,
      sizeBytes: body.size_bytes,
      correlationId: c.var.correlationId,
    });
    return c.json(result, 201);
  });

  app.openapi(uploadRoute(), async (c) => {
    const { id } = c.req.valid('param');
    const { expires, signature } = c.req.valid('query');
    const address = clientAddress(c, c.var.deps.config.trustProxy);
    await c.var.deps.brandingUploadLimiter.consume(
      address === null ? `asset:${id}` : addressLimitKey(address),
    );
    const declared = contentLengthOf(c.req.header('content-length'));
    if (declared !== null && declared > BRANDING_ASSET_MAX_BYTES) {
      // Larger than any type allows: refused without a database round trip or a byte read.
      throw new ShellError('BRANDING_ASSET_INVALID', `upload of ${declared} bytes refused`, {
        userMessage: 'The file is larger than allowed for this kind of asset.',
        details: { reason: 'too_large', max_bytes: BRANDING_ASSET_MAX_BYTES },
      });
    }
    const asset = await uploadBrandingAsset(c.var.deps.db, c.var.deps.brandingAssets, {
      assetId: id,
      expires,
      signature,
      contentLength: declared,
      body: c.req.raw.body,
      correlationId: c.var.correlationId,
    });
    return c.json({ asset }, 200);
  });

  app.openapi(fileRoute(), async (c) => {
    const { file } = c.req.valid('param');
    // Counted before the store is asked: a run of file names cannot become store requests.
    const address = clientAddress(c, c.var.deps.config.trustProxy);
    await c.var.deps.brandingFileLimiter.consume(
      address === null ? `file:${file}` : addressLimitKey(address),
    );
    const found = await readBrandingAssetFile(c.var.deps.brandingAssets.storage, file);
    if (found === null) {
      throw new ShellError('NOT_FOUND', `no stored asset file ${file.slice(0, 80)}`);
    }
    return c.body(new Uint8Array(found.bytes), 200, {
      'content-type': found.contentType,
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cross-origin-resource-policy': 'same-site',
    });
  });

  // The address files had before they moved out of `/branding/assets/{id}/...` (whose paths it
  // made ambiguous): pages and clients that stored one keep working. Not in the document.
  app.get('/branding/assets/files/:file', (c) =>
    c.redirect(assetFileUrl(encodeURIComponent(c.req.param('file'))), 308),
  );

  app.openapi(listRoute(), async (c) => {
    const { workspace_id: workspaceId } = c.req.valid('query');
    const list = await listBrandingAssets(c.var.deps.db, { actor: c.var.context, workspaceId });
    return c.json(list, 200);
  });

  for (const action of ['activate', 'deactivate'] as const) {
    const change = action === 'activate' ? activateBrandingAsset : deactivateBrandingAsset;
    app.openapi(setActiveRoute(action), async (c) => {
      const { id } = c.req.valid('param');
      const asset = await change(c.var.deps.db, {
        actor: c.var.context,
        assetId: id,
        correlationId: c.var.correlationId,
      });
      return c.json({ asset }, 200);
    });
  }

  return app;
}

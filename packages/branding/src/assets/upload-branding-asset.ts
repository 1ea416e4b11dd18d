import { createHash, timingSafeEqual } from 'node:crypto';
import { writeAuditLog, type Db, type Tx } from '@aiconnected/db';
import {
  BRANDING_ASSET_LIMITS,
  ShellError,
  type BrandingAsset,
  type BrandingAssetInvalidReason,
  type BrandingAssetType,
} from '@aiconnected/sdk-contracts';
import { assetInvalid } from './asset-invalid';
import { ASSET_COLUMNS, toBrandingAsset, type AssetRow } from './asset-record';
import { assetStoreUnavailable } from './asset-store-unavailable';
import type { AssetScanResult } from './asset-scanner';
import type { BrandingAssetServices } from './branding-asset-services';
import { readCappedBody } from './read-capped-body';
import { reencodeAssetImage } from './reencode-asset-image';
import { signAssetUpload } from './sign-asset-upload';

export interface UploadBrandingAssetInput {
  assetId: string;
  /** The URL's `expires` and `signature`, as sent. */
  expires: string;
  signature: string;
  /** The request's Content-Length, when it has one (null: chunked). */
  contentLength: number | null;
  body: ReadableStream<Uint8Array> | null;
  correlationId: string;
}

interface PendingRow {
  id: string;
  workspace_id: string;
  asset_type: BrandingAssetType;
  mime_type: string;
  declared_size_bytes: string;
  upload_token_sha256: string | null;
  expires_at: number;
  expired: boolean;
  created_by_user_id: string | null;
}

/** A refusal after the URL was claimed: recorded on the asset, then thrown. */
class Refusal extends Error {
  constructor(
    readonly error: ShellError,
    readonly scan?: AssetScanResult,
  ) {
    super(error.message);
  }
}

const sha256 = (value: string | Buffer) => createHash('sha256').update(value).digest('hex');

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

async function audit(
  tx: Tx,
  row: PendingRow,
  correlationId: string,
  metadata: Record<string, unknown>,
): Promise<void> {
  await writeAuditLog(tx, {
    workspaceId: row.workspace_id,
    // The person who asked for the URL: the URL is their credential.
    actorUserId: row.created_by_user_id,
    action: 'branding_asset.upload',
    targetType: 'branding_asset',
    targetId: row.id,
    metadata: { asset_type: row.asset_type, ...metadata },
    correlationId,
  });
}

/** Marks the claimed asset rejected (its URL is spent already) and audits why. */
async function recordRefusal(
  tx: Tx,
  row: PendingRow,
  reason: BrandingAssetInvalidReason,
  correlationId: string,
  scan?: AssetScanResult,
): Promise<void> {
  await tx.query(
    `update public.branding_assets
        set scan_status = 'rejected', rejected_reason = $2, upload_token_sha256 = null,
            scan_engine = $3, scan_detail = $4
      where id = $1`,
    [row.id, reason, scan?.engine ?? null, scan?.detail ?? null],
  );
  await audit(tx, row, correlationId, {
    outcome: 'rejected',
    reason,
    ...(scan ? { scan_engine: scan.engine, scan_detail: scan.detail } : {}),
  });
}

/**
 * Checks the URL and spends it in one transaction: the asset must exist, the signature must
 * be the one we made for its workspace, type, declared size and this expiry (else
 * `bad_signature`, and nothing changes: whoever sent it does not hold the URL), unused
 * (`used`) and unexpired (`expired`, which spends it). Answers the claimed asset.
 */
async function claimUpload(
  tx: Tx,
  services: BrandingAssetServices,
  input: UploadBrandingAssetInput,
): Promise<PendingRow | { refused: BrandingAssetInvalidReason }> {
  const { rows } = await tx.query<PendingRow>(
    `select id, workspace_id, asset_type, mime_type, declared_size_bytes, upload_token_sha256,
            extract(epoch from upload_expires_at)::int as expires_at,
            upload_expires_at <= now() as expired, created_by_user_id
       from public.branding_assets where id = $1 for update`,
    [input.assetId],
  );
  const row = rows[0];
  if (!row || row.declared_size_bytes === null || String(row.expires_at) !== input.expires) {
    return { refused: 'bad_signature' };
  }
  const expected = signAssetUpload(services.signingKey, {
    assetId: row.id,
    workspaceId: row.workspace_id,
    assetType: row.asset_type,
    sizeBytes: Number(row.declared_size_bytes),
    expiresAt: row.expires_at,
  });
  if (!sameText(expected, input.signature)) return { refused: 'bad_signature' };
  if (row.upload_token_sha256 === null || row.upload_token_sha256 !== sha256(input.signature)) {
    return { refused: 'used' };
  }
  if (row.expired) {
    await recordRefusal(tx, row, 'expired', input.correlationId);
    return { refused: 'expired' };
  }
  await tx.query(`update public.branding_assets set upload_token_sha256 = null where id = $1`, [
    row.id,
  ]);
  return row;
}

/**
 * Gives a claimed URL back after the store failed to take its file: the asset is pending with
 * the URL's hash again, so the same URL can be sent again until it expires. Only the claim this
 * request made is released (still pending, no hash): while it was held, a second use of the
 * URL was refused `used`, and two retries after it still claim it one at a time.
 */
async function releaseClaim(tx: Tx, row: PendingRow, signature: string): Promise<void> {
  await tx.query(
    `update public.branding_assets set upload_token_sha256 = $2
      where id = $1 and scan_status = 'pending' and upload_token_sha256 is null`,
    [row.id, sha256(signature)],
  );
}

/** Reads the body up to `maxBytes`; a body cut off on the way (the client went away) is a refusal. */
async function readUploadBody(row: PendingRow, input: UploadBrandingAssetInput, maxBytes: number) {
  try {
    return await readCappedBody(input.body, maxBytes);
  } catch (error) {
    throw new Refusal(
      assetInvalid('incomplete', `upload of ${row.id} cut off: ${String(error)}`.slice(0, 500)),
    );
  }
}

/** Scans the bytes as sent; a scanner that cannot answer refuses the upload (fails closed). */
async function scanUpload(services: BrandingAssetServices, row: PendingRow, bytes: Buffer) {
  let scan: AssetScanResult;
  try {
    scan = await services.scanner.scan(bytes);
  } catch (error) {
    const detail = `scan failed closed: ${(error as Error).message}`.slice(0, 500);
    throw new Refusal(assetInvalid('scan_failed', detail, { detail }), {
      clean: false,
      engine: services.scanner.engine,
      detail,
    });
  }
  if (!scan.clean) {
    throw new Refusal(
      assetInvalid('scan_failed', `scan of ${row.id}: ${scan.detail}`, {
        signature: scan.signature ?? null,
        scan_engine: scan.engine,
      }),
      scan,
    );
  }
  return scan;
}

/** Reads, checks, scans and re-encodes the body of a claimed upload; throws a `Refusal`. */
async function checkUpload(
  services: BrandingAssetServices,
  row: PendingRow,
  input: UploadBrandingAssetInput,
) {
  const typeLimit = BRANDING_ASSET_LIMITS[row.asset_type].maxBytes;
  const declared = Number(row.declared_size_bytes);
  const maxBytes = Math.min(declared, typeLimit);
  // The URL was granted for `declared` bytes (within the type's limit): a bigger body is
  // not the file it was asked for, whatever the type allows.
  const tooLarge = () =>
    new Refusal(
      declared <= typeLimit
        ? assetInvalid(
            'too_large',
            `upload of ${row.id} over its declared ${declared} bytes`,
            { max_bytes: maxBytes, declared_bytes: declared },
            `The file is larger than the size declared for this upload URL (${declared} bytes). Start the upload again with the file's real size.`,
          )
        : assetInvalid('too_large', `upload of ${row.id} over ${maxBytes} bytes`, {
            max_bytes: maxBytes,
          }),
    );
  // Refused before a byte of the body is read.
  if (input.contentLength !== null && input.contentLength > maxBytes) throw tooLarge();
  const bytes = await readUploadBody(row, input, maxBytes);
  if (bytes === null) throw tooLarge();
  // The bytes as sent, before any decoder sees them: what a scanner knows to look for is in
  // them (not in our re-encoding, which is pixels we wrote), and libvips is the largest attack
  // surface here, so it only gets files the scan passed.
  const scan = await scanUpload(services, row, bytes);
  try {
    return { image: await reencodeAssetImage(bytes, row.mime_type, row.asset_type), scan };
  } catch (error) {
    if (error instanceof ShellError) throw new Refusal(error);
    throw error;
  }
}

/**
 * Takes the file of a signed upload URL (`PUT /branding/assets/{id}/upload`; the signature is
 * the credential, no session): claims the URL (single use), refuses a body over the declared
 * size or the type's limit (by Content-Length before reading, else while streaming) or cut off
 * (`incomplete`), scans the bytes as sent, checks the content (magic bytes = declared type),
 * re-encodes it without metadata, stores the result under its sha256 and marks the asset clean. Every refusal is
 * `BRANDING_ASSET_INVALID` with `details.reason`; nothing is stored, and a claimed asset is
 * marked rejected so its URL cannot be replayed. A store that fails to take the file is
 * `SERVICE_UNAVAILABLE` (503, `details.reason: asset_store`): the asset stays pending and the
 * same URL works again until it expires. Audited as `branding_asset.upload` (outcome `clean`
 * or `rejected`) in the name of the person who asked for the URL.
 */
export async function uploadBrandingAsset(
  db: Db,
  services: BrandingAssetServices,
  input: UploadBrandingAssetInput,
): Promise<BrandingAsset> {
  const claimed = await db.withService('branding: claim a signed asset upload', (tx) =>
    claimUpload(tx, services, input),
  );
  if ('refused' in claimed) {
    throw assetInvalid(claimed.refused, `upload URL of ${input.assetId}: ${claimed.refused}`);
  }
  let checked;
  try {
    checked = await checkUpload(services, claimed, input);
  } catch (error) {
    // Anything else is our fault (a refusal covers the client's): the URL is spent either way.
    if (!(error instanceof Refusal)) throw error;
    const reason = (error.error.details as { reason: BrandingAssetInvalidReason }).reason;
    await db.withService('branding: record a refused asset upload', (tx) =>
      recordRefusal(tx, claimed, reason, input.correlationId, error.scan),
    );
    throw error.error;
  }
  const { image, scan } = checked;
  const contentSha256 = sha256(image.bytes);
  const storagePath = `${contentSha256}.${image.extension}`;
  try {
    await services.storage.put(storagePath, image.bytes);
  } catch (error) {
    // The store's fault, not the file's: nothing is stored or recorded, and the URL is not spent.
    await db.withService('branding: release an upload URL the asset store failed', (tx) =>
      releaseClaim(tx, claimed, input.signature),
    );
    throw assetStoreUnavailable(`store ${storagePath} (upload of ${claimed.id})`, error);
  }
  return db.withService('branding: record an accepted asset upload', async (tx) => {
    const { rows } = await tx.query<AssetRow>(
      `update public.branding_assets as a
          set scan_status = 'clean', uploaded_at = now(), storage_path = $2, content_sha256 = $3,
              mime_type = $4, size_bytes = $5, width = $6, height = $7, scan_engine = $8,
              scan_detail = $9
        where a.id = $1
        returning ${ASSET_COLUMNS}`,
      [
        claimed.id,
        storagePath,
        contentSha256,
        image.mimeType,
        image.bytes.length,
        image.width,
        image.height,
        scan.engine,
        scan.detail.slice(0, 500),
      ],
    );
    await audit(tx, claimed, input.correlationId, {
      outcome: 'clean',
      sha256: contentSha256,
      mime_type: image.mimeType,
      size_bytes: image.bytes.length,
      width: image.width,
      height: image.height,
      scan_engine: scan.engine,
      scan_detail: scan.detail,
    });
    return toBrandingAsset(rows[0] as AssetRow);
  });
}

import { createHash } from 'node:crypto';
import type { Db } from '@aiconnected/db';
import {
  loadActorView,
  recordAudit,
  requireWorkspaceCapability,
  translateWriteError,
} from '@aiconnected/access';
import {
  BRANDING_ASSET_LIMITS,
  BRANDING_ASSET_MIME_TYPES,
  type BrandingAssetType,
  type BrandingAssetUploadUrl,
  type WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import { assetInvalid } from './asset-invalid';
import {
  DEFAULT_UPLOAD_URL_TTL_SECONDS,
  type BrandingAssetServices,
} from './branding-asset-services';
import { signAssetUpload } from './sign-asset-upload';

export interface CreateAssetUploadUrlInput {
  actor: WorkspaceContext;
  workspaceId: string;
  assetType: BrandingAssetType;
  mimeType: string;
  sizeBytes: number;
  correlationId: string;
}

/** Why a declared type (lower case) is refused, said so the person knows what to upload instead. */
function declaredTypeProblem(mimeType: string): string | null {
  if ((BRANDING_ASSET_MIME_TYPES as readonly string[]).includes(mimeType)) return null;
  if (mimeType.includes(';')) {
    return `${mimeType.slice(0, 100)} is not accepted: give the type alone, without parameters (image/png, not image/png; charset=...).`;
  }
  if (mimeType === 'image/svg+xml') {
    return 'SVG is refused: an SVG is a document that can carry scripts and external links, and it is not sanitised here. Export a PNG or WebP.';
  }
  return `${mimeType.slice(0, 100)} is not accepted: upload a PNG, JPEG or WebP image.`;
}

/**
 * Starts an upload (`POST /branding/assets/logo-upload-url`): `branding.edit` in the workspace
 * (an agency's admins and managers also for its businesses), a PNG/JPEG/WebP type (in any case,
 * without parameters) and a size
 * within the type's limit (`BRANDING_ASSET_INVALID` with the reason and the limit otherwise).
 * Inserts the pending asset with the sha256 of its URL's signature, and answers the signed,
 * single-use URL (path-relative, valid 10 minutes). Audited as `branding_asset.upload_url`.
 */
export async function createAssetUploadUrl(
  db: Db,
  services: BrandingAssetServices,
  input: CreateAssetUploadUrlInput,
): Promise<BrandingAssetUploadUrl> {
  const { actor } = input;
  return db.withWorkspace(actor, async (tx) => {
    const view = await loadActorView(tx, actor);
    await requireWorkspaceCapability(
      view,
      input.workspaceId,
      'branding.edit',
      'uploading a branding asset',
    );
    // Media types are case-insensitive (RFC 9110): IMAGE/PNG is image/png, stored so.
    const mimeType = input.mimeType.trim().toLowerCase();
    const typeProblem = declaredTypeProblem(mimeType);
    if (typeProblem !== null) {
      throw assetInvalid('unsupported_type', `declared type ${mimeType} refused`, {
        accepted_types: [...BRANDING_ASSET_MIME_TYPES],
        explanation: typeProblem,
      });
    }
    const { maxBytes } = BRANDING_ASSET_LIMITS[input.assetType];
    if (input.sizeBytes > maxBytes) {
      throw assetInvalid('too_large', `declared ${input.sizeBytes} bytes over ${maxBytes}`, {
        max_bytes: maxBytes,
        size_bytes: input.sizeBytes,
      });
    }
    const ttl = services.uploadUrlTtlSeconds ?? DEFAULT_UPLOAD_URL_TTL_SECONDS;
    const { rows } = await tx.query<{ id: string; expires_at: number }>(
      `select gen_random_uuid() as id, (floor(extract(epoch from now()))::bigint + $1::int)::int as expires_at`,
      [ttl],
    );
    const { id, expires_at: expiresAt } = rows[0] as { id: string; expires_at: number };
    const signature = signAssetUpload(services.signingKey, {
      assetId: id,
      workspaceId: input.workspaceId,
      assetType: input.assetType,
      sizeBytes: input.sizeBytes,
      expiresAt,
    });
    try {
      await tx.query(
        `insert into public.branding_assets
           (id, workspace_id, asset_type, mime_type, size_bytes, declared_size_bytes,
            upload_token_sha256, upload_expires_at, created_by_user_id)
         values ($1, $2, $3, $4, $5, $5, $6, to_timestamp($7), $8)`,
        [
          id,
          input.workspaceId,
          input.assetType,
          mimeType,
          input.sizeBytes,
          createHash('sha256').update(signature).digest('hex'),
          expiresAt,
          actor.user_id,
        ],
      );
    } catch (error) {
      translateWriteError(error, 'create branding asset', {});
    }
    const expiresIso = new Date(expiresAt * 1000).toISOString();
    await recordAudit(tx, actor, {
      workspaceId: input.workspaceId,
      action: 'branding_asset.upload_url',
      targetType: 'branding_asset',
      targetId: id,
      metadata: {
        asset_type: input.assetType,
        mime_type: mimeType,
        size_bytes: input.sizeBytes,
        expires_at: expiresIso,
      },
      correlationId: input.correlationId,
    });
    const query = new URLSearchParams({ expires: String(expiresAt), signature });
    return {
      asset_id: id,
      // Path-relative: the branding screens are served on custom domains and `<slug>.<root>`
      // too, whose CSP (`connect-src 'self'`) and lack of CORS would block another origin.
      upload_url: `/api/branding/assets/${id}/upload?${query.toString()}`,
      expires_at: expiresIso,
    };
  });
}

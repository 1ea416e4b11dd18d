import { z } from 'zod';

/** The kinds of branding asset a workspace may hold (`branding_assets.asset_type`). */
export const BRANDING_ASSET_TYPES = [
  'logo',
  'logo_dark',
  'favicon',
  'login_logo',
  'login_background',
] as const;
export type BrandingAssetType = (typeof BRANDING_ASSET_TYPES)[number];

/**
 * The image types an upload may declare. Raster only: SVG is refused, because an SVG is a
 * document that can carry scripts and external references and nothing here sanitises it.
 */
export const BRANDING_ASSET_MIME_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type BrandingAssetMimeType = (typeof BRANDING_ASSET_MIME_TYPES)[number];

/** Per type: the largest upload accepted and the largest stored image (bigger ones shrink). */
export interface BrandingAssetLimit {
  maxBytes: number;
  maxWidth: number;
  maxHeight: number;
}

const KIB = 1024;
const MIB = 1024 * KIB;

/** The per-type upload limits (docs/branding.md "Logos and assets"). */
export const BRANDING_ASSET_LIMITS = {
  logo: { maxBytes: 1 * MIB, maxWidth: 2048, maxHeight: 2048 },
  logo_dark: { maxBytes: 1 * MIB, maxWidth: 2048, maxHeight: 2048 },
  favicon: { maxBytes: 256 * KIB, maxWidth: 512, maxHeight: 512 },
  login_logo: { maxBytes: 1 * MIB, maxWidth: 2048, maxHeight: 2048 },
  login_background: { maxBytes: 5 * MIB, maxWidth: 4096, maxHeight: 4096 },
} as const satisfies Record<BrandingAssetType, BrandingAssetLimit>;

/** The largest upload of any type (the upload route's own body limit). */
export const BRANDING_ASSET_MAX_BYTES = 5 * MIB;

/** `details.reason` of `BRANDING_ASSET_INVALID`: why an upload was refused. */
export const BRANDING_ASSET_INVALID_REASONS = [
  /** The declared or detected type is not PNG, JPEG or WebP (SVG included, with why). */
  'unsupported_type',
  /** The bytes are another type than the one declared (e.g. a PNG sent as image/jpeg). */
  'type_mismatch',
  /** Over the declared size or the type's limit (by Content-Length or by the body). */
  'too_large',
  /** The image cannot be decoded, or has more pixels than we decode. */
  'undecodable',
  /** The scan found something (details.signature) or could not run (fails closed). */
  'scan_failed',
  /** The URL's signature does not match (tampered, or not ours). */
  'bad_signature',
  /** The URL has expired. */
  'expired',
  /** The URL was used already (single use). */
  'used',
  /** The body was cut off before it ended (the client went away); the URL is spent. */
  'incomplete',
  /** The asset is not clean and uploaded, so it cannot be activated. */
  'not_uploaded',
] as const;
export type BrandingAssetInvalidReason = (typeof BRANDING_ASSET_INVALID_REASONS)[number];

/**
 * Each refusal in plain words: the `BRANDING_ASSET_INVALID` envelope's message, and what the
 * logos screen says beside a refused upload.
 */
export const BRANDING_ASSET_INVALID_MESSAGES: Record<BrandingAssetInvalidReason, string> = {
  unsupported_type: 'Upload a PNG, JPEG or WebP image.',
  type_mismatch:
    'The file’s contents do not match its type. Export it again as the type it claims.',
  too_large: 'The file is larger than allowed for this kind of asset.',
  undecodable: 'The image could not be read. It may be damaged or too large in pixels.',
  scan_failed: 'The file did not pass the malware scan.',
  bad_signature: 'This upload link is not valid. Ask for a new one.',
  expired: 'This upload link has expired. Start the upload again.',
  used: 'This upload link was used already. Start the upload again.',
  incomplete: 'The upload was cut off before the whole file arrived. Start the upload again.',
  not_uploaded: 'Only an uploaded file that passed its checks can be activated.',
};

export const BRANDING_ASSET_SCAN_STATUSES = ['pending', 'clean', 'rejected'] as const;

/** A branding asset as the API returns it (PRD §15.1). */
export const brandingAssetSchema = z
  .object({
    id: z.uuid(),
    workspace_id: z.uuid(),
    asset_type: z.enum(BRANDING_ASSET_TYPES),
    mime_type: z.string(),
    size_bytes: z.number().int(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    scan_status: z.enum(BRANDING_ASSET_SCAN_STATUSES),
    scan_engine: z.enum(['builtin', 'clamav']).nullable().meta({
      description: '`builtin`: no antivirus ran (only the EICAR test file is refused)',
    }),
    scan_detail: z.string().nullable(),
    rejected_reason: z.enum(BRANDING_ASSET_INVALID_REASONS).nullable(),
    active: z.boolean(),
    url: z
      .string()
      .nullable()
      .meta({ description: 'Public URL of the stored file (content hash); null until uploaded' }),
    uploaded_at: z.iso.datetime().nullable(),
    created_at: z.iso.datetime(),
  })
  .meta({ id: 'BrandingAsset', description: 'An uploaded logo, favicon or login image' });
export type BrandingAsset = z.infer<typeof brandingAssetSchema>;

/** What `POST /branding/assets/logo-upload-url` answers. */
export const brandingAssetUploadUrlSchema = z
  .object({
    asset_id: z.uuid(),
    upload_url: z.string().meta({
      description:
        'PUT the raw file here, once: a path-relative URL (`/api/branding/assets/{id}/upload?expires&signature`) ' +
        'on the host the request came to; signed, no session needed',
    }),
    expires_at: z.iso.datetime(),
  })
  .meta({ id: 'BrandingAssetUploadUrl' });
export type BrandingAssetUploadUrl = z.infer<typeof brandingAssetUploadUrlSchema>;

/** `{ asset }`: what an upload, activation or deactivation answers. */
export const brandingAssetResultSchema = z
  .object({ asset: brandingAssetSchema })
  .meta({ id: 'BrandingAssetResult' });
export type BrandingAssetResult = z.infer<typeof brandingAssetResultSchema>;

/** The asset a workspace shows for one type, and the workspace it comes from. */
export const effectiveBrandingAssetSchema = z
  .object({
    asset: brandingAssetSchema,
    source_workspace_id: z.uuid(),
    source_workspace_name: z.string(),
    inherited: z.boolean(),
  })
  .meta({ id: 'EffectiveBrandingAsset' });
export type EffectiveBrandingAsset = z.infer<typeof effectiveBrandingAssetSchema>;

/** What `GET /branding/assets` answers: own assets and the effective one per type. */
export const brandingAssetListSchema = z
  .object({
    workspace_id: z.uuid(),
    assets: z
      .array(brandingAssetSchema)
      .meta({ description: 'This workspace’s own, newest first' }),
    effective: z
      .record(z.enum(BRANDING_ASSET_TYPES), effectiveBrandingAssetSchema.nullable())
      .meta({
        description: 'Per type: the active asset of the nearest of business, agency, super',
      }),
  })
  .meta({ id: 'BrandingAssetList' });
export type BrandingAssetList = z.infer<typeof brandingAssetListSchema>;

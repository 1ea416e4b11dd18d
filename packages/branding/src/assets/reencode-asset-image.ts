import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import {
  BRANDING_ASSET_LIMITS,
  BRANDING_ASSET_MIME_TYPES,
  type BrandingAssetMimeType,
  type BrandingAssetType,
} from '@aiconnected/sdk-contracts';
import { assetInvalid } from './asset-invalid';

/**
 * The most pixels decoded per type: a small file (a flat colour compresses to almost nothing)
 * must not expand into hundreds of megabytes. 16 MP (4096 x 4096, ~64 MB as RGBA) is more
 * than any logo or favicon needs; the sign-in background may be a camera photo.
 */
const MAX_INPUT_PIXELS: Record<BrandingAssetType, number> = {
  logo: 16_777_216,
  logo_dark: 16_777_216,
  login_logo: 16_777_216,
  favicon: 16_777_216,
  login_background: 40_000_000,
};

// One decode at a time and no operation cache: on a small shared box an upload must not
// take every core or keep decoded images in memory after it is done.
sharp.concurrency(1);
sharp.cache(false);

const EXTENSIONS: Record<BrandingAssetMimeType, 'png' | 'jpg' | 'webp'> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
};

/** A re-encoded image, ready to store. */
export interface ReencodedAssetImage {
  bytes: Buffer;
  mimeType: BrandingAssetMimeType;
  extension: 'png' | 'jpg' | 'webp';
  width: number;
  height: number;
}

function isAccepted(mime: string | undefined): mime is BrandingAssetMimeType {
  return (BRANDING_ASSET_MIME_TYPES as readonly string[]).includes(mime ?? '');
}

/**
 * Checks an upload by its content and re-encodes it: the magic bytes (file-type) must be the
 * declared type, which must be PNG, JPEG or WebP; sharp decodes it (at most `MAX_INPUT_PIXELS`),
 * applies the EXIF orientation, shrinks it into the type's maximum size and writes it again
 * without metadata (EXIF, GPS, ICC comments: sharp keeps none unless asked). Favicons are
 * stored as PNG. `BRANDING_ASSET_INVALID` with the reason otherwise.
 */
export async function reencodeAssetImage(
  bytes: Buffer,
  declaredMimeType: string,
  assetType: BrandingAssetType,
): Promise<ReencodedAssetImage> {
  const detected = await fileTypeFromBuffer(bytes);
  if (!isAccepted(detected?.mime)) {
    throw assetInvalid('unsupported_type', `upload content is ${detected?.mime ?? 'unknown'}`, {
      detected_type: detected?.mime ?? null,
    });
  }
  if (detected?.mime !== declaredMimeType) {
    throw assetInvalid('type_mismatch', `declared ${declaredMimeType}, content ${detected?.mime}`, {
      declared_type: declaredMimeType,
      detected_type: detected?.mime ?? null,
    });
  }
  const limit = BRANDING_ASSET_LIMITS[assetType];
  const output: BrandingAssetMimeType = assetType === 'favicon' ? 'image/png' : detected.mime;
  try {
    const pipeline = sharp(bytes, {
      limitInputPixels: MAX_INPUT_PIXELS[assetType],
      failOn: 'error',
    })
      .rotate()
      .resize({
        width: limit.maxWidth,
        height: limit.maxHeight,
        fit: 'inside',
        withoutEnlargement: true,
      });
    const encoded =
      output === 'image/png'
        ? pipeline.png({ compressionLevel: 9 })
        : output === 'image/jpeg'
          ? pipeline.jpeg({ quality: 90, mozjpeg: true })
          : pipeline.webp({ quality: 90 });
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    return {
      bytes: data,
      mimeType: output,
      extension: EXTENSIONS[output],
      width: info.width,
      height: info.height,
    };
  } catch (error) {
    throw assetInvalid('undecodable', `sharp refused the upload: ${String(error)}`);
  }
}

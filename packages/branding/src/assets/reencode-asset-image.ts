import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import {
  BRANDING_ASSET_LIMITS,
  BRANDING_ASSET_MIME_TYPES,
  type BrandingAssetMimeType,
  type BrandingAssetType,
} from '@aiconnected/sdk-contracts';
import { assetInvalid } from './asset-invalid';

/** The most pixels decoded (about 8000 x 5000): a small file cannot expand into gigabytes. */
const MAX_INPUT_PIXELS = 40_000_000;

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
 * declared type, which must be PNG, JPEG or WebP; sharp decodes it (at most 40 megapixels),
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
    const pipeline = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
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

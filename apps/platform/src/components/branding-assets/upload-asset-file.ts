import { isErrorEnvelope } from '@/lib/api-error';
import type { BrandingAsset } from '@aiconnected/sdk-contracts';

export type UploadResult = { ok: true; asset: BrandingAsset } | { ok: false; message: string };

const NETWORK_MESSAGE = 'The upload was interrupted. Check your connection and try again.';

/**
 * PUTs `file` to its signed upload URL with XMLHttpRequest, whose upload events (unlike
 * fetch's) report progress: `onProgress` gets 0-100 as bytes leave the browser. Never
 * throws: a refusal becomes the envelope's message (e.g. why the file was refused).
 */
export function uploadAssetFile(
  uploadUrl: string,
  file: File,
  onProgress: (percent: number) => void,
): Promise<UploadResult> {
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open('PUT', uploadUrl);
    request.setRequestHeader('content-type', 'application/octet-stream');
    request.responseType = 'json';
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress((event.loaded / event.total) * 100);
    };
    request.onload = () => {
      const payload: unknown = request.response;
      if (request.status === 200) {
        resolve({ ok: true, asset: (payload as { asset: BrandingAsset }).asset });
      } else {
        resolve({
          ok: false,
          message: isErrorEnvelope(payload) ? payload.error.message : NETWORK_MESSAGE,
        });
      }
    };
    request.onerror = () => resolve({ ok: false, message: NETWORK_MESSAGE });
    request.send(file);
  });
}

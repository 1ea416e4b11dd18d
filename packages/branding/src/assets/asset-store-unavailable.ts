import { ShellError } from '@aiconnected/sdk-contracts';

/** How long a client is told to wait before trying again (`Retry-After`, seconds). */
export const ASSET_STORE_RETRY_AFTER_SECONDS = 30;

/**
 * `SERVICE_UNAVAILABLE` (503) for an asset store (disk or S3) that failed to `action`: no
 * answer in time, unreachable, an S3 error status, a disk error. `details.reason` is
 * `asset_store`, and `details.retry_after_seconds` is also sent as `Retry-After`. The store's
 * error is the cause, for the one log line of the failed request (it names the S3 status and
 * error code or the errno and path, never a credential); the client never sees it.
 */
export function assetStoreUnavailable(action: string, cause: unknown): ShellError {
  return new ShellError('SERVICE_UNAVAILABLE', `asset store failed to ${action}`, {
    userMessage: 'The file store cannot be reached right now. Try again in a minute.',
    details: { reason: 'asset_store', retry_after_seconds: ASSET_STORE_RETRY_AFTER_SECONDS },
    cause,
  });
}

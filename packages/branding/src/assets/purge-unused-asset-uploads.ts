import type { Db, DbLogger } from '@aiconnected/db';
import { startBackgroundRounds, type BackgroundRounds } from '../start-background-rounds';

/**
 * How long after its upload URL expired a pending asset is kept: an upload that claimed the URL
 * just before it expired is still being read, scanned and re-encoded meanwhile (minutes at
 * most), and must find its row when it records the result.
 */
export const UPLOAD_PURGE_GRACE_MS = 60 * 60_000;

/**
 * Deletes the branding assets whose signed upload URL (`POST /branding/assets/logo-upload-url`)
 * expired more than `graceMs` ago without an accepted or refused upload: still `pending`, no
 * file (storage_path is null until an upload is accepted), never listed (`GET /branding/assets`
 * leaves pending assets out). Refused assets (`rejected`, with `rejected_reason`) and accepted
 * ones stay: they tell the person what happened. Not audited: the URL's issue is
 * (`branding_asset.upload_url`), and that row stays. Answers how many were deleted.
 */
export async function purgeUnusedAssetUploads(
  db: Db,
  graceMs: number = UPLOAD_PURGE_GRACE_MS,
): Promise<number> {
  const { rowCount } = await db.withService('branding: delete expired, unused upload URLs', (svc) =>
    svc.query(
      `delete from public.branding_assets
        where scan_status = 'pending' and uploaded_at is null and storage_path is null
          and upload_expires_at < now() - $1 * interval '1 millisecond'`,
      [graceMs],
    ),
  );
  return rowCount ?? 0;
}

export interface UploadPurgeOptions {
  /** Pause between sweeps (ms). */
  intervalMs: number;
  logger?: DbLogger;
}

/** Runs `purgeUnusedAssetUploads` every `intervalMs` in this process until stopped. */
export function startUploadPurge(db: Db, options: UploadPurgeOptions): BackgroundRounds {
  return startBackgroundRounds(() => purgeUnusedAssetUploads(db), {
    intervalMs: options.intervalMs,
    name: 'branding upload purge',
    logger: options.logger,
  });
}

-- 030_branding_asset_uploads.down.sql
-- Purpose: undo 030: drop the upload, content and scan columns, make storage_path required and
--   unique again, and give authenticated back UPDATE of asset_type and uploaded_at (017's grant).
-- Pre-check: 030 is applied (branding_assets.content_sha256 exists); no asset lacks a
--   storage_path and no two share one (content-addressed uploads may: delete or re-point
--   those rows first, staging only).
-- Post-check: the columns are gone, storage_path is unique and NOT NULL.
-- Failure handling: the runner's transaction rolls back and nothing changes; fix and re-run.
--   Staging only (PRD §12.6): it forgets hashes, scan results and refusal reasons.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
                  WHERE attrelid = 'public.branding_assets'::regclass AND attname = 'content_sha256') THEN
    RAISE EXCEPTION '030 down pre-check failed: 030 is not applied';
  END IF;
  IF EXISTS (SELECT 1 FROM public.branding_assets WHERE storage_path IS NULL)
     OR EXISTS (SELECT 1 FROM public.branding_assets GROUP BY storage_path HAVING count(*) > 1) THEN
    RAISE EXCEPTION '030 down pre-check failed: assets without a storage_path or sharing one exist';
  END IF;
END $$;

ALTER TABLE public.branding_assets
  DROP COLUMN declared_size_bytes,
  DROP COLUMN upload_token_sha256,
  DROP COLUMN upload_expires_at,
  DROP COLUMN content_sha256,
  DROP COLUMN width,
  DROP COLUMN height,
  DROP COLUMN scan_engine,
  DROP COLUMN scan_detail,
  DROP COLUMN rejected_reason;
ALTER TABLE public.branding_assets ALTER COLUMN storage_path SET NOT NULL;
ALTER TABLE public.branding_assets ADD CONSTRAINT branding_assets_storage_path_key UNIQUE (storage_path);
GRANT UPDATE (asset_type, active, uploaded_at) ON public.branding_assets TO authenticated;

DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
              WHERE attrelid = 'public.branding_assets'::regclass AND attname = 'content_sha256' AND NOT attisdropped)
     OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conname = 'branding_assets_storage_path_key') THEN
    RAISE EXCEPTION '030 down post-check failed: 030 columns remain or storage_path is not unique';
  END IF;
END $$;

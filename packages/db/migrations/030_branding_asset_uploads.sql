-- 030_branding_asset_uploads.sql
-- Purpose: what a branding asset's signed upload, content checks and scan record (PRD §15.1,
--   §25.3; docs/branding.md "Logos and assets"):
--   * files are stored by the sha256 of their re-encoded bytes, so two identical uploads
--     share one object: storage_path is no longer unique, and it is null until the upload
--     is accepted (a pending or refused asset has no object);
--   * declared_size_bytes: the size the signed URL was issued for (size_bytes becomes the
--     stored size after re-encoding);
--   * upload_token_sha256, upload_expires_at: the sha256 of the URL's signature and its expiry;
--     the upload clears the hash as it starts (single use), whatever the outcome;
--   * content_sha256, width, height: the stored image;
--   * scan_engine ('builtin': no antivirus ran, only the EICAR test string is refused;
--     'clamav': clamd INSTREAM) and scan_detail (the signature found, or what ran);
--   * rejected_reason: why an upload was refused (BRANDING_ASSET_INVALID details.reason).
--   Request code (authenticated) may no longer change asset_type or uploaded_at: only
--   `active` (activation); every new column is written by the service.
-- Pre-check: 017 is applied (branding_assets_insert_pending_with_branding_edit exists); none of
--   the new columns exists.
-- Post-check: the columns and checks exist, storage_path is neither unique nor required, and
--   authenticated may update `active` and nothing else of the table.
-- Failure handling: the runner's transaction rolls back; nothing applied; fix and re-run.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policies
                  WHERE schemaname = 'public' AND tablename = 'branding_assets'
                    AND policyname = 'branding_assets_insert_pending_with_branding_edit') THEN
    RAISE EXCEPTION '030 pre-check failed: 017_rls_hardening is not applied';
  END IF;
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
              WHERE attrelid = 'public.branding_assets'::regclass AND attname = 'content_sha256') THEN
    RAISE EXCEPTION '030 pre-check failed: branding_assets.content_sha256 exists (030 already applied?)';
  END IF;
END $$;

ALTER TABLE public.branding_assets DROP CONSTRAINT branding_assets_storage_path_key;
ALTER TABLE public.branding_assets ALTER COLUMN storage_path DROP NOT NULL;
ALTER TABLE public.branding_assets
  ADD COLUMN declared_size_bytes bigint,
  ADD COLUMN upload_token_sha256 text,
  ADD COLUMN upload_expires_at timestamptz,
  ADD COLUMN content_sha256 text,
  ADD COLUMN width integer,
  ADD COLUMN height integer,
  ADD COLUMN scan_engine text,
  ADD COLUMN scan_detail text,
  ADD COLUMN rejected_reason text,
  ADD CONSTRAINT branding_assets_declared_size_bytes_check CHECK (declared_size_bytes > 0),
  ADD CONSTRAINT branding_assets_upload_token_sha256_check CHECK (upload_token_sha256 ~ '^[0-9a-f]{64}$'),
  ADD CONSTRAINT branding_assets_content_sha256_check CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
  ADD CONSTRAINT branding_assets_dimensions_check CHECK (width > 0 AND height > 0),
  ADD CONSTRAINT branding_assets_scan_engine_check CHECK (scan_engine IN ('builtin', 'clamav')),
  ADD CONSTRAINT branding_assets_scan_detail_check CHECK (length(scan_detail) <= 500),
  ADD CONSTRAINT branding_assets_rejected_reason_check
    CHECK (rejected_reason IS NULL OR (rejected_reason ~ '^[a-z_]{1,64}$' AND scan_status = 'rejected'));

COMMENT ON COLUMN public.branding_assets.storage_path IS
  'Storage key <sha256>.<ext> of the re-encoded file, shared by identical uploads; null until accepted.';
COMMENT ON COLUMN public.branding_assets.upload_token_sha256 IS
  'sha256 of the signed upload URL''s signature; cleared when the upload starts (single use).';
COMMENT ON COLUMN public.branding_assets.scan_engine IS
  'builtin: no antivirus ran (only the EICAR test string is refused); clamav: scanned by clamd.';

REVOKE UPDATE ON public.branding_assets FROM authenticated;
GRANT UPDATE (active) ON public.branding_assets TO authenticated;

DO $$
DECLARE
  missing text;
BEGIN
  SELECT string_agg(c, ', ') INTO missing
    FROM unnest(ARRAY['declared_size_bytes', 'upload_token_sha256', 'upload_expires_at', 'content_sha256',
                      'width', 'height', 'scan_engine', 'scan_detail', 'rejected_reason']) AS c
   WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
                      WHERE attrelid = 'public.branding_assets'::regclass AND attname = c AND NOT attisdropped);
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION '030 post-check failed: missing columns %', missing;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE conname = 'branding_assets_storage_path_key')
     OR EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
                 WHERE attrelid = 'public.branding_assets'::regclass AND attname = 'storage_path' AND attnotnull) THEN
    RAISE EXCEPTION '030 post-check failed: storage_path is still unique or required';
  END IF;
  SELECT string_agg(a.attname, ', ') INTO missing
    FROM pg_catalog.pg_attribute AS a
   WHERE a.attrelid = 'public.branding_assets'::regclass AND a.attnum > 0 AND NOT a.attisdropped
     AND a.attname <> 'active'
     AND has_column_privilege('authenticated', 'public.branding_assets', a.attname, 'UPDATE');
  IF missing IS NOT NULL OR NOT has_column_privilege('authenticated', 'public.branding_assets', 'active', 'UPDATE') THEN
    RAISE EXCEPTION '030 post-check failed: authenticated may update % (only active is allowed)', coalesce(missing, '(not active)');
  END IF;
  IF NOT (SELECT relforcerowsecurity FROM pg_catalog.pg_class WHERE oid = 'public.branding_assets'::regclass) THEN
    RAISE EXCEPTION '030 post-check failed: RLS is not forced on branding_assets';
  END IF;
END $$;

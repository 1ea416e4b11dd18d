-- 022_error_envelope_payload_too_large.sql
-- Purpose: publish error-envelope 1.1.0, which adds the error code PAYLOAD_TOO_LARGE (a
--   request body over the API's 1 MiB limit, HTTP 413) to 1.0.0's code enum. Adding a code
--   is a minor change: every 1.0.0 envelope is a valid 1.1.0 envelope. 1.0.0 stays active
--   (016's re-run idempotency check requires it, and clients pinned to it keep working).
--   Published versions are never rewritten (016): the new schema is 1.0.0's with the code
--   appended, its `$id` and the enum's description updated.
-- Pre-check: 016 is applied and error-envelope 1.0.0 exists without PAYLOAD_TOO_LARGE.
-- Post-check: error-envelope 1.1.0 is active and its enum is 1.0.0's plus PAYLOAD_TOO_LARGE.
-- Failure handling: the runner's transaction rolls back; nothing applied; fix and re-run.
--   022_error_envelope_payload_too_large.down.sql removes 1.1.0.

DO $$
BEGIN
  IF to_regclass('public.sdk_contract_versions') IS NULL THEN
    RAISE EXCEPTION '022 pre-check failed: 016_sdk_contract_versions is not applied';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM public.sdk_contract_versions
                  WHERE contract_name = 'error-envelope' AND semver = '1.0.0'
                    AND NOT (schema_json #> '{properties,error,properties,code,enum}') ? 'PAYLOAD_TOO_LARGE') THEN
    RAISE EXCEPTION '022 pre-check failed: error-envelope 1.0.0 is missing or already lists PAYLOAD_TOO_LARGE';
  END IF;
END $$;

INSERT INTO public.sdk_contract_versions (contract_name, semver, status, schema_json, published_at)
SELECT 'error-envelope', '1.1.0', 'active',
       jsonb_set(
         jsonb_set(
           jsonb_set(schema_json, '{$id}', to_jsonb('urn:aiconnected:sdk-contract:error-envelope:1.1.0'::text)),
           '{properties,error,properties,code,enum}',
           (schema_json #> '{properties,error,properties,code,enum}') || '["PAYLOAD_TOO_LARGE"]'::jsonb),
         '{properties,error,properties,code,description}',
         to_jsonb('Stable error code; never renamed or removed (PRD §20.2, plus ROUTE_PERMISSION_CONFIG_ERROR, NOT_FOUND and PAYLOAD_TOO_LARGE).'::text)),
       now()
  FROM public.sdk_contract_versions
 WHERE contract_name = 'error-envelope' AND semver = '1.0.0';

DO $$
DECLARE
  old_codes jsonb;
  new_codes jsonb;
BEGIN
  SELECT schema_json #> '{properties,error,properties,code,enum}' INTO old_codes
    FROM public.sdk_contract_versions WHERE contract_name = 'error-envelope' AND semver = '1.0.0';
  SELECT schema_json #> '{properties,error,properties,code,enum}' INTO new_codes
    FROM public.sdk_contract_versions WHERE contract_name = 'error-envelope' AND semver = '1.1.0';
  IF new_codes IS DISTINCT FROM old_codes || '["PAYLOAD_TOO_LARGE"]'::jsonb THEN
    RAISE EXCEPTION '022 post-check failed: error-envelope 1.1.0 codes are not 1.0.0''s plus PAYLOAD_TOO_LARGE';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM public.sdk_contract_versions
                  WHERE contract_name = 'error-envelope' AND semver = '1.1.0' AND status = 'active') THEN
    RAISE EXCEPTION '022 post-check failed: error-envelope 1.1.0 is not active';
  END IF;
END $$;

-- 026_error_envelope_service_unavailable.sql
-- Purpose: publish error-envelope 1.2.0, which adds the error code SERVICE_UNAVAILABLE (the
--   platform runs without its database: only health and the API description answer, every
--   other API path is refused with HTTP 503) to 1.1.0's code enum. Adding a code is a minor
--   change: every 1.1.0 envelope is a valid 1.2.0 envelope. 1.0.0 and 1.1.0 stay active
--   (clients pinned to them keep working). Published versions are never rewritten (016): the
--   new schema is 1.1.0's with the code appended, its `$id` and the enum's description updated.
-- Pre-check: 022 is applied and error-envelope 1.1.0 exists without SERVICE_UNAVAILABLE.
-- Post-check: error-envelope 1.2.0 is active and its enum is 1.1.0's plus SERVICE_UNAVAILABLE.
-- Failure handling: the runner's transaction rolls back; nothing applied; fix and re-run.
--   026_error_envelope_service_unavailable.down.sql removes 1.2.0.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM public.sdk_contract_versions
                  WHERE contract_name = 'error-envelope' AND semver = '1.1.0'
                    AND NOT (schema_json #> '{properties,error,properties,code,enum}') ? 'SERVICE_UNAVAILABLE') THEN
    RAISE EXCEPTION '026 pre-check failed: error-envelope 1.1.0 (022) is missing or already lists SERVICE_UNAVAILABLE';
  END IF;
END $$;

INSERT INTO public.sdk_contract_versions (contract_name, semver, status, schema_json, published_at)
SELECT 'error-envelope', '1.2.0', 'active',
       jsonb_set(
         jsonb_set(
           jsonb_set(schema_json, '{$id}', to_jsonb('urn:aiconnected:sdk-contract:error-envelope:1.2.0'::text)),
           '{properties,error,properties,code,enum}',
           (schema_json #> '{properties,error,properties,code,enum}') || '["SERVICE_UNAVAILABLE"]'::jsonb),
         '{properties,error,properties,code,description}',
         to_jsonb('Stable error code; never renamed or removed (PRD §20.2, plus ROUTE_PERMISSION_CONFIG_ERROR, NOT_FOUND, PAYLOAD_TOO_LARGE and SERVICE_UNAVAILABLE).'::text)),
       now()
  FROM public.sdk_contract_versions
 WHERE contract_name = 'error-envelope' AND semver = '1.1.0';

DO $$
DECLARE
  old_codes jsonb;
  new_codes jsonb;
BEGIN
  SELECT schema_json #> '{properties,error,properties,code,enum}' INTO old_codes
    FROM public.sdk_contract_versions WHERE contract_name = 'error-envelope' AND semver = '1.1.0';
  SELECT schema_json #> '{properties,error,properties,code,enum}' INTO new_codes
    FROM public.sdk_contract_versions WHERE contract_name = 'error-envelope' AND semver = '1.2.0';
  IF new_codes IS DISTINCT FROM old_codes || '["SERVICE_UNAVAILABLE"]'::jsonb THEN
    RAISE EXCEPTION '026 post-check failed: error-envelope 1.2.0 codes are not 1.1.0''s plus SERVICE_UNAVAILABLE';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM public.sdk_contract_versions
                  WHERE contract_name = 'error-envelope' AND semver = '1.2.0' AND status = 'active') THEN
    RAISE EXCEPTION '026 post-check failed: error-envelope 1.2.0 is not active';
  END IF;
END $$;

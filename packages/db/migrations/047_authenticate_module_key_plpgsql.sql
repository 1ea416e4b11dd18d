-- 047_authenticate_module_key_plpgsql.sql
-- Purpose: `shell.authenticate_module_key` (043) as plpgsql instead of LANGUAGE sql. A SECURITY
--   DEFINER sql function is never inlined, and its body is planned again on every call; plpgsql
--   keeps the plan for the session. Every module emit request (POST /api/events with an API
--   key) calls it: measured on a scratch database, 2,000 calls in one session, 0.236 ms per call
--   as sql against 0.026 ms as plpgsql (docs/events.md "Speed"). Same signature, rules and
--   privileges: an api_key, not revoked, not past its overlap, of an enabled installation in
--   the credential's workspace; EXECUTE for service_role only.
-- Pre-check: 043 is applied (the sql function exists); 047 is not.
-- Post-check: plpgsql, SECURITY DEFINER with search_path, service_role only.
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.
--   047_authenticate_module_key_plpgsql.down.sql restores 043's sql function.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
                  WHERE p.oid = to_regprocedure('shell.authenticate_module_key(bytea)')
                    AND l.lanname = 'sql') THEN
    RAISE EXCEPTION '047 pre-check failed: 043''s sql shell.authenticate_module_key is not there (043 missing or 047 applied)';
  END IF;
END $$;

-- Threat note (SECURITY DEFINER): as 043.
CREATE OR REPLACE FUNCTION shell.authenticate_module_key(p_secret_hash bytea)
RETURNS TABLE (installation_id uuid, workspace_id uuid, module_key text, module_version text,
               credential_id uuid)
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
    SELECT i.id, i.workspace_id, i.module_key, i.module_version, c.id
      FROM public.module_installation_credentials c
      JOIN public.module_installations i ON i.id = c.installation_id
                                        AND i.workspace_id = c.workspace_id
     WHERE c.secret_hash = p_secret_hash AND c.kind = 'api_key'
       AND c.revoked_at IS NULL AND (c.expires_at IS NULL OR c.expires_at > pg_catalog.now())
       AND i.state = 'enabled';
END
$$;

DO $$
DECLARE
  fn constant text := 'shell.authenticate_module_key(bytea)';
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
                  WHERE p.oid = to_regprocedure(fn) AND l.lanname = 'plpgsql' AND p.prosecdef
                    AND p.proconfig = ARRAY['search_path=""']) THEN
    RAISE EXCEPTION '047 post-check failed: % is not a plpgsql SECURITY DEFINER function with search_path', fn;
  END IF;
  IF has_function_privilege('anon', fn, 'EXECUTE')
     OR has_function_privilege('authenticated', fn, 'EXECUTE')
     OR NOT has_function_privilege('service_role', fn, 'EXECUTE') THEN
    RAISE EXCEPTION '047 post-check failed: % must be executable by service_role only', fn;
  END IF;
END $$;

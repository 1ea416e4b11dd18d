-- 052_module_key_workspace_status.down.sql
-- Purpose: undo 052: shell.authenticate_module_key back to 047's plpgsql function (five result
--   columns, no workspace status), with 043's comment and grants.
-- Pre-check: 052 is applied (the function answers workspace_status).
-- Post-check: 047's function again: plpgsql, SECURITY DEFINER with search_path, five columns,
--   service_role only.
-- Failure handling: the runner's transaction rolls back; nothing changed.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
                  WHERE p.oid = to_regprocedure('shell.authenticate_module_key(bytea)')
                    AND pg_catalog.pg_get_function_result(p.oid) =
                        'TABLE(installation_id uuid, workspace_id uuid, module_key text, module_version text, credential_id uuid, workspace_status text)') THEN
    RAISE EXCEPTION '052 down pre-check failed: shell.authenticate_module_key is not 052''s function';
  END IF;
END $$;

DROP FUNCTION shell.authenticate_module_key(bytea);

-- 047's function, verbatim; 043's comment and grants (the DROP removed them).
CREATE FUNCTION shell.authenticate_module_key(p_secret_hash bytea)
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
COMMENT ON FUNCTION shell.authenticate_module_key(bytea) IS
  'The enabled installation whose active API key has this SHA-256, if any; service_role only.';
REVOKE ALL ON FUNCTION shell.authenticate_module_key(bytea) FROM PUBLIC, anon, authenticated;
GRANT EXECUTE ON FUNCTION shell.authenticate_module_key(bytea) TO service_role;

DO $$
DECLARE
  fn constant text := 'shell.authenticate_module_key(bytea)';
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
                  WHERE p.oid = to_regprocedure(fn) AND l.lanname = 'plpgsql' AND p.prosecdef
                    AND p.proconfig = ARRAY['search_path=""']
                    AND pg_catalog.pg_get_function_result(p.oid) =
                        'TABLE(installation_id uuid, workspace_id uuid, module_key text, module_version text, credential_id uuid)')
     OR has_function_privilege('anon', fn, 'EXECUTE')
     OR has_function_privilege('authenticated', fn, 'EXECUTE')
     OR NOT has_function_privilege('service_role', fn, 'EXECUTE') THEN
    RAISE EXCEPTION '052 down post-check failed: shell.authenticate_module_key is not 047''s again';
  END IF;
END $$;

-- 047_authenticate_module_key_plpgsql.down.sql
-- Purpose: undo 047: shell.authenticate_module_key back to 043's LANGUAGE sql body.
-- Pre-check: 047 is applied (the function is plpgsql).
-- Post-check: it is sql again, service_role only.
-- Failure handling: the runner's transaction rolls back; nothing changed.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
                  WHERE p.oid = to_regprocedure('shell.authenticate_module_key(bytea)')
                    AND l.lanname = 'plpgsql') THEN
    RAISE EXCEPTION '047 down pre-check failed: shell.authenticate_module_key is not 047''s plpgsql function';
  END IF;
END $$;

-- 043's function, verbatim (CREATE OR REPLACE keeps its owner, grants and comment).
CREATE OR REPLACE FUNCTION shell.authenticate_module_key(p_secret_hash bytea)
RETURNS TABLE (installation_id uuid, workspace_id uuid, module_key text, module_version text,
               credential_id uuid)
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $$
  SELECT i.id, i.workspace_id, i.module_key, i.module_version, c.id
    FROM public.module_installation_credentials c
    JOIN public.module_installations i ON i.id = c.installation_id
                                      AND i.workspace_id = c.workspace_id
   WHERE c.secret_hash = p_secret_hash AND c.kind = 'api_key'
     AND c.revoked_at IS NULL AND (c.expires_at IS NULL OR c.expires_at > pg_catalog.now())
     AND i.state = 'enabled'
$$;

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
                  WHERE p.oid = to_regprocedure('shell.authenticate_module_key(bytea)') AND l.lanname = 'sql')
     OR has_function_privilege('authenticated', 'shell.authenticate_module_key(bytea)', 'EXECUTE')
     OR NOT has_function_privilege('service_role', 'shell.authenticate_module_key(bytea)', 'EXECUTE') THEN
    RAISE EXCEPTION '047 down post-check failed: shell.authenticate_module_key is not 043''s again';
  END IF;
END $$;

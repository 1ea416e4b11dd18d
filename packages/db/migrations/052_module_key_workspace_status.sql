-- 052_module_key_workspace_status.sql
-- Purpose: `shell.authenticate_module_key` (047) also answers `workspace_status`, the status of
--   the installation's workspace, so the shell can refuse a valid key whose workspace is not
--   active (issue 12, carried defect: "a suspended workspace's module key can still emit, and
--   there is no billing check on module emits"): a key of a suspended or archived workspace is
--   `WORKSPACE_FORBIDDEN` (`details.reason` `workspace_suspended` / `workspace_archived`), as
--   that workspace's own members lose it (019's governing_memberships: a membership counts only
--   while its workspace is active). It comes from the one statement every module emit already
--   pays (one more primary-key join), with no second round trip. (The billing check of a paid
--   module needs its manifest's `paid`, which never changes for a registered version: the
--   events package reads it once per version and keeps it, so no emit detoasts a manifest.)
--   The rules on the key are unchanged: an api_key, not revoked, not past its overlap, of an
--   enabled installation in the credential's workspace; EXECUTE for service_role only. A new
--   result type needs DROP + CREATE (CREATE OR REPLACE cannot change it), so the comment and
--   grants are set again.
-- Pre-check: 047's function is there (plpgsql, five result columns); 052 is not applied.
-- Post-check: plpgsql, STABLE, SECURITY DEFINER with an empty search_path, the six result
--   columns, service_role only.
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.
--   052_module_key_workspace_status.down.sql restores 047's function exactly.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
                  WHERE p.oid = to_regprocedure('shell.authenticate_module_key(bytea)')
                    AND l.lanname = 'plpgsql'
                    AND pg_catalog.pg_get_function_result(p.oid) =
                        'TABLE(installation_id uuid, workspace_id uuid, module_key text, module_version text, credential_id uuid)') THEN
    RAISE EXCEPTION '052 pre-check failed: shell.authenticate_module_key is not 047''s function (047 missing or 052 applied)';
  END IF;
END $$;

DROP FUNCTION shell.authenticate_module_key(bytea);

-- Threat note (SECURITY DEFINER): answers an installation for a key hash the caller computed
-- from a presented key; it reveals nothing a caller without the key's SHA-256 could use, and
-- only service_role may execute it. The new column is the status of the key's own
-- installation's workspace, nothing of any other tenant.
CREATE FUNCTION shell.authenticate_module_key(p_secret_hash bytea)
RETURNS TABLE (installation_id uuid, workspace_id uuid, module_key text, module_version text,
               credential_id uuid, workspace_status text)
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY
    SELECT i.id, i.workspace_id, i.module_key, i.module_version, c.id, w.status
      FROM public.module_installation_credentials c
      JOIN public.module_installations i ON i.id = c.installation_id
                                        AND i.workspace_id = c.workspace_id
      JOIN public.workspaces w ON w.id = i.workspace_id
     WHERE c.secret_hash = p_secret_hash AND c.kind = 'api_key'
       AND c.revoked_at IS NULL AND (c.expires_at IS NULL OR c.expires_at > pg_catalog.now())
       AND i.state = 'enabled';
END
$$;
COMMENT ON FUNCTION shell.authenticate_module_key(bytea) IS
  'The enabled installation whose active API key has this SHA-256, if any, with its workspace''s status; service_role only.';
REVOKE ALL ON FUNCTION shell.authenticate_module_key(bytea) FROM PUBLIC, anon, authenticated;
GRANT EXECUTE ON FUNCTION shell.authenticate_module_key(bytea) TO service_role;

DO $$
DECLARE
  fn constant text := 'shell.authenticate_module_key(bytea)';
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
                  WHERE p.oid = to_regprocedure(fn) AND l.lanname = 'plpgsql' AND p.prosecdef
                    AND p.provolatile = 's' AND p.proconfig = ARRAY['search_path=""']
                    AND pg_catalog.pg_get_function_result(p.oid) =
                        'TABLE(installation_id uuid, workspace_id uuid, module_key text, module_version text, credential_id uuid, workspace_status text)') THEN
    RAISE EXCEPTION '052 post-check failed: % is not the STABLE plpgsql SECURITY DEFINER function with search_path and six columns', fn;
  END IF;
  IF has_function_privilege('anon', fn, 'EXECUTE')
     OR has_function_privilege('authenticated', fn, 'EXECUTE')
     OR NOT has_function_privilege('service_role', fn, 'EXECUTE') THEN
    RAISE EXCEPTION '052 post-check failed: % must be executable by service_role only', fn;
  END IF;
END $$;

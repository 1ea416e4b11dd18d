-- 028_theme_chain.sql
-- Purpose: what the theme engine needs from public.themes (004, RLS in 012/023) beyond RLS:
--   * `shell.theme_chain(workspace_id)`: the workspace and each ancestor (super -> agency ->
--     business, root first) with the latest theme version of each (null when it has none).
--     A business's effective theme depends on its agency's and the super baseline's overlays,
--     which RLS hides from a business member; the domain code checks first that the caller
--     may see the workspace (requireWorkspaceAccess) and then reads the chain as the service,
--     as it reads governing memberships; a page without a session (a custom domain's sign-in
--     page) reads the chain of the host's workspace the same way. Runs as its owner,
--     executable by service_role only: it returns nothing but theme payloads and the
--     chain's workspace names, of one workspace's own ancestry.
--   * `NOTIFY shell_theme_changed` (`workspace:<id>` of the row, or `all`) when a theme row
--     changes or the tree it is resolved through changes (a workspace's parent, a deleted
--     workspace, a truncate), so each web process's compiled-CSS cache forgets what depends
--     on it (like 027's session cache). Delivered on commit, never for a rolled-back write.
-- Pre-check: 027 is applied (shell.notify_session_changed exists); 028 is not.
-- Post-check: the functions exist with an empty search_path, their privileges are as above,
--   and the triggers exist and are enabled.
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.
--   028_theme_chain.down.sql undoes it; without the notifications the web processes' theme
--   cache would keep stale CSS, so deploy the down with a code version that has no cache.

DO $$
BEGIN
  IF to_regprocedure('shell.notify_session_changed()') IS NULL THEN
    RAISE EXCEPTION '028 pre-check failed: 027_session_change_notify is not applied';
  END IF;
  IF to_regprocedure('shell.theme_chain(uuid)') IS NOT NULL THEN
    RAISE EXCEPTION '028 pre-check failed: shell.theme_chain exists (028 already applied?)';
  END IF;
END $$;

-- Threat note (SECURITY DEFINER): reads workspaces and themes past RLS. Executable by the
-- service only; callers check the actor's access to p_workspace_id first (docs/tenancy-and-rls.md
-- "Theme resolution"). The ancestry walk is bounded by the tree's depth (3 levels) and a
-- cycle guard.
CREATE FUNCTION shell.theme_chain(p_workspace_id uuid)
RETURNS TABLE (
  depth integer,
  workspace_id uuid,
  workspace_type text,
  workspace_name text,
  version integer,
  token_payload jsonb
)
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $$
  WITH RECURSIVE ancestry AS (
    SELECT 0 AS up, w.id, w.type, w.name, w.parent_workspace_id
      FROM public.workspaces w
     WHERE w.id = p_workspace_id
    UNION ALL
    SELECT a.up + 1, p.id, p.type, p.name, p.parent_workspace_id
      FROM ancestry a
      JOIN public.workspaces p ON p.id = a.parent_workspace_id
     WHERE a.up < 8
  )
  SELECT (max(a.up) OVER () - a.up)::integer AS depth, a.id, a.type, a.name, t.version, t.token_payload
    FROM ancestry a
    LEFT JOIN LATERAL (
      SELECT th.version, th.token_payload
        FROM public.themes th
       WHERE th.workspace_id = a.id
       ORDER BY th.version DESC
       LIMIT 1
    ) t ON true
   ORDER BY a.up DESC
$$;
COMMENT ON FUNCTION shell.theme_chain(uuid) IS
  'The ancestry of a workspace, root first, with the latest theme version of each (service only).';
REVOKE ALL ON FUNCTION shell.theme_chain(uuid) FROM PUBLIC, anon, authenticated;
GRANT EXECUTE ON FUNCTION shell.theme_chain(uuid) TO service_role;

-- A theme row: its workspace (old and new).
CREATE FUNCTION shell.notify_theme_changed()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    PERFORM pg_notify('shell_theme_changed', 'workspace:' || OLD.workspace_id);
  END IF;
  IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.workspace_id IS DISTINCT FROM OLD.workspace_id) THEN
    PERFORM pg_notify('shell_theme_changed', 'workspace:' || NEW.workspace_id);
  END IF;
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION shell.notify_theme_changed() IS
  'Trigger: tells the theme caches the theme of a workspace (and its descendants) changed.';

-- The tree a theme is resolved through, or every theme at once: forget everything.
CREATE FUNCTION shell.notify_all_themes_changed()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
  PERFORM pg_notify('shell_theme_changed', 'all');
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION shell.notify_all_themes_changed() IS
  'Trigger: tells the theme caches to forget every compiled theme.';

REVOKE ALL ON FUNCTION shell.notify_theme_changed(), shell.notify_all_themes_changed()
  FROM PUBLIC, anon, authenticated, service_role;

CREATE TRIGGER themes_notify_theme_cache
  AFTER INSERT OR UPDATE OR DELETE ON public.themes
  FOR EACH ROW EXECUTE FUNCTION shell.notify_theme_changed();
CREATE TRIGGER themes_truncate_notify_theme_cache
  AFTER TRUNCATE ON public.themes
  FOR EACH STATEMENT EXECUTE FUNCTION shell.notify_all_themes_changed();
CREATE TRIGGER workspaces_notify_theme_cache
  AFTER UPDATE OF parent_workspace_id OR DELETE ON public.workspaces
  FOR EACH STATEMENT EXECUTE FUNCTION shell.notify_all_themes_changed();
CREATE TRIGGER workspaces_truncate_notify_theme_cache
  AFTER TRUNCATE ON public.workspaces
  FOR EACH STATEMENT EXECUTE FUNCTION shell.notify_all_themes_changed();

DO $$
DECLARE
  fn text;
  trg text;
BEGIN
  FOREACH fn IN ARRAY ARRAY['shell.theme_chain(uuid)', 'shell.notify_theme_changed()',
                            'shell.notify_all_themes_changed()'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
                    WHERE p.oid = to_regprocedure(fn) AND p.proconfig = ARRAY['search_path=""']) THEN
      RAISE EXCEPTION '028 post-check failed: % missing or without search_path', fn;
    END IF;
    IF has_function_privilege('anon', fn, 'EXECUTE')
       OR has_function_privilege('authenticated', fn, 'EXECUTE') THEN
      RAISE EXCEPTION '028 post-check failed: % is executable by request roles', fn;
    END IF;
  END LOOP;
  IF NOT has_function_privilege('service_role', 'shell.theme_chain(uuid)', 'EXECUTE')
     OR has_function_privilege('service_role', 'shell.notify_theme_changed()', 'EXECUTE') THEN
    RAISE EXCEPTION '028 post-check failed: privileges of shell.theme_chain or its triggers';
  END IF;
  FOREACH trg IN ARRAY ARRAY['themes_notify_theme_cache', 'themes_truncate_notify_theme_cache',
                             'workspaces_notify_theme_cache', 'workspaces_truncate_notify_theme_cache'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger t
                    WHERE t.tgname = trg AND NOT t.tgisinternal AND t.tgenabled = 'O') THEN
      RAISE EXCEPTION '028 post-check failed: trigger % missing or disabled', trg;
    END IF;
  END LOOP;
END $$;

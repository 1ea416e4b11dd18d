-- 032_workspace_ancestry.sql
-- Purpose: one ancestry walk for every "this workspace and its ancestors" read (review 10):
--   * `shell.workspace_ancestry(ws)`: the workspace and its ancestors, root first, with `depth`
--     (0 = the root) and `up` (0 = the workspace itself); bounded once (8 levels, the tree has
--     3: super -> agency -> business) and cycle-guarded. SECURITY DEFINER, service_role only.
--   * `shell.theme_chain` (028) and `shell.login_screen_chain` (031) are replaced by versions
--     that join it, with the same columns and order as before (theme_chain: depth from the
--     root, root first; login_screen_chain: depth from the workspace, the workspace first).
--   * packages/branding read-effective-branding-assets.ts joins it too.
-- Pre-check: 028 and 031 are applied (both chains exist); 032 is not.
-- Post-check: the three functions exist with an empty search_path; ancestry service-only.
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.
--   032_workspace_ancestry.down.sql restores 028's and 031's definitions.

DO $$
BEGIN
  IF to_regprocedure('shell.theme_chain(uuid)') IS NULL
     OR to_regprocedure('shell.login_screen_chain(uuid)') IS NULL THEN
    RAISE EXCEPTION '032 pre-check failed: 028_theme_chain or 031_login_screen_profiles is not applied';
  END IF;
  IF to_regprocedure('shell.workspace_ancestry(uuid)') IS NOT NULL THEN
    RAISE EXCEPTION '032 pre-check failed: shell.workspace_ancestry already exists';
  END IF;
END $$;

-- Threat note (SECURITY DEFINER): reads workspaces past RLS (ids, types, names of the
-- ancestors). Executable by the service only; callers check the actor's access to
-- p_workspace_id first (docs/tenancy-and-rls.md "Theme resolution").
CREATE FUNCTION shell.workspace_ancestry(p_workspace_id uuid)
RETURNS TABLE (
  depth integer,
  up integer,
  workspace_id uuid,
  workspace_type text,
  workspace_name text
)
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $$
  WITH RECURSIVE ancestry AS (
    SELECT 0 AS up, w.id, w.type, w.name, w.parent_workspace_id, ARRAY[w.id] AS path
      FROM public.workspaces w
     WHERE w.id = p_workspace_id
    UNION ALL
    SELECT a.up + 1, p.id, p.type, p.name, p.parent_workspace_id, a.path || p.id
      FROM ancestry a
      JOIN public.workspaces p ON p.id = a.parent_workspace_id
     WHERE a.up < 8 AND NOT p.id = ANY (a.path)
  )
  SELECT (max(a.up) OVER () - a.up)::integer, a.up, a.id, a.type, a.name
    FROM ancestry a
   ORDER BY a.up DESC
$$;
COMMENT ON FUNCTION shell.workspace_ancestry(uuid) IS
  'A workspace and its ancestors, root first (depth from the root, up from the workspace); bounded, cycle-guarded; service only.';
REVOKE ALL ON FUNCTION shell.workspace_ancestry(uuid) FROM PUBLIC, anon, authenticated;
GRANT EXECUTE ON FUNCTION shell.workspace_ancestry(uuid) TO service_role;

CREATE OR REPLACE FUNCTION shell.theme_chain(p_workspace_id uuid)
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
  SELECT a.depth, a.workspace_id, a.workspace_type, a.workspace_name, t.version, t.token_payload
    FROM shell.workspace_ancestry(p_workspace_id) a
    LEFT JOIN LATERAL (
      SELECT th.version, th.token_payload
        FROM public.themes th
       WHERE th.workspace_id = a.workspace_id
       ORDER BY th.version DESC
       LIMIT 1
    ) t ON true
   ORDER BY a.depth
$$;

CREATE OR REPLACE FUNCTION shell.login_screen_chain(ws uuid)
RETURNS TABLE (
  depth integer,
  workspace_id uuid,
  workspace_type text,
  workspace_name text,
  version integer,
  profile jsonb,
  allow_business_override boolean
)
LANGUAGE sql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $$
  SELECT a.up, a.workspace_id, a.workspace_type, a.workspace_name, l.version, l.profile,
         coalesce(l.allow_business_override, false)
    FROM shell.workspace_ancestry(ws) a
    LEFT JOIN LATERAL (
      SELECT p.version, p.profile, p.allow_business_override
        FROM public.login_screen_profiles p
       WHERE p.workspace_id = a.workspace_id
       ORDER BY p.version DESC
       LIMIT 1
    ) l ON true
   ORDER BY a.up
$$;

DO $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM pg_proc p
     WHERE p.oid IN (to_regprocedure('shell.workspace_ancestry(uuid)'),
                     to_regprocedure('shell.theme_chain(uuid)'),
                     to_regprocedure('shell.login_screen_chain(uuid)'))
       AND (p.proconfig IS NULL OR NOT 'search_path=""' = ANY (p.proconfig))
  ) OR has_function_privilege('authenticated', 'shell.workspace_ancestry(uuid)', 'EXECUTE')
     OR has_function_privilege('anon', 'shell.workspace_ancestry(uuid)', 'EXECUTE') THEN
    RAISE EXCEPTION '032 post-check failed: ancestry functions not as expected';
  END IF;
END $$;

-- 032_workspace_ancestry.down.sql
-- Purpose: undo 032: restore 028's shell.theme_chain and 031's shell.login_screen_chain (each
--   with its own ancestry walk) and drop shell.workspace_ancestry.
-- Pre-check: 032 is applied (shell.workspace_ancestry exists).
-- Post-check: shell.workspace_ancestry is gone; both chains exist.
-- Failure handling: the runner's transaction rolls back; nothing changed. No data is touched.

DO $$
BEGIN
  IF to_regprocedure('shell.workspace_ancestry(uuid)') IS NULL THEN
    RAISE EXCEPTION '032 down pre-check failed: shell.workspace_ancestry does not exist (032 not applied?)';
  END IF;
END $$;

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
  WITH RECURSIVE chain AS (
    SELECT 0 AS depth, w.id, w.type, w.name, w.parent_workspace_id
      FROM public.workspaces w WHERE w.id = ws
    UNION ALL
    SELECT c.depth + 1, p.id, p.type, p.name, p.parent_workspace_id
      FROM chain c JOIN public.workspaces p ON p.id = c.parent_workspace_id
     WHERE c.depth < 2
  )
  SELECT c.depth, c.id, c.type, c.name, l.version, l.profile, coalesce(l.allow_business_override, false)
    FROM chain c
    LEFT JOIN LATERAL (
      SELECT p.version, p.profile, p.allow_business_override
        FROM public.login_screen_profiles p
       WHERE p.workspace_id = c.id
       ORDER BY p.version DESC
       LIMIT 1
    ) l ON true
   ORDER BY c.depth
$$;

DROP FUNCTION shell.workspace_ancestry(uuid);

DO $$
BEGIN
  IF to_regprocedure('shell.workspace_ancestry(uuid)') IS NOT NULL
     OR to_regprocedure('shell.theme_chain(uuid)') IS NULL
     OR to_regprocedure('shell.login_screen_chain(uuid)') IS NULL THEN
    RAISE EXCEPTION '032 down post-check failed';
  END IF;
END $$;

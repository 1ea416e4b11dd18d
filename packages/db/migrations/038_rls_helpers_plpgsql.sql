-- 038_rls_helpers_plpgsql.sql
-- Purpose: the RLS helper functions of schema shell as LANGUAGE plpgsql instead of sql, same
--   bodies, so Postgres keeps their query plans per connection. A non-inlined sql function (a
--   SET search_path clause or SECURITY DEFINER always prevents inlining) is parsed, analysed
--   and planned again on every call, and RLS policies call these once per statement as
--   `(SELECT shell.fn(...))` initPlans: that planning was most of the helpers' time on every
--   RLS-governed read and write (bench/README.md "The RLS helpers as plpgsql"; measured per
--   function there). plpgsql prepares each statement once per connection and reuses the plan
--   (plancache; re-planned when a table it reads changes, or per role where RLS applies).
--   Semantics are unchanged: each body is `RETURN (<the sql function's query>)`, and every one
--   of those queries yields exactly one row (EXISTS, an aggregate, no FROM, or a primary key
--   lookup, where no row is NULL as before); `#variable_conflict use_column` resolves a name
--   that is both a column and a parameter to the column, as sql functions do. Signatures,
--   STABLE, SECURITY DEFINER (or not), `SET search_path = ''`, owner, grants and comments stay
--   (CREATE OR REPLACE keeps owner, grants and comments), and so do the threat notes of
--   012/017/020/023/024/031/035. Functions and their latest definitions: claims,
--   current_user_id, current_workspace_id, claimed_permissions (012); is_super,
--   visible_workspace_ids, workspaces_with_permission, has_platform_permission (017);
--   holds_all_capabilities, can_assign_role, can_grant_permission (020); in_platform_scope
--   (023); can_manage_user (024); login_override_allowed (031); module_management_allowed
--   (035). governing_memberships (019) is plpgsql already; the service-only row sources
--   (theme_chain, resolve_host, login_screen_chain, workspace_ancestry) are not RLS helpers
--   and stay sql.
-- Pre-check: 037 is applied (shell.notify_modules_changed exists); the fifteen helpers exist
--   and are LANGUAGE sql (038 not applied).
-- Post-check: the fifteen are LANGUAGE plpgsql, STABLE, with an empty search_path and
--   SECURITY DEFINER exactly where they had it; authenticated and service_role may execute
--   them, anon and PUBLIC may not; each answers the empty-claims call as before (which also
--   plans every body once, so a body that does not resolve fails here, not on a request).
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.
--   038_rls_helpers_plpgsql.down.sql restores the sql definitions exactly.

DO $$
DECLARE
  not_sql text;
BEGIN
  IF to_regprocedure('shell.notify_modules_changed()') IS NULL THEN
    RAISE EXCEPTION '038 pre-check failed: 037_module_snapshot_notify is not applied';
  END IF;
  SELECT string_agg(fn, ', ') INTO not_sql
    FROM unnest(ARRAY['shell.claims()', 'shell.current_user_id()', 'shell.current_workspace_id()',
                      'shell.claimed_permissions()', 'shell.is_super()', 'shell.in_platform_scope()',
                      'shell.visible_workspace_ids()', 'shell.workspaces_with_permission(text)',
                      'shell.has_platform_permission(text)', 'shell.holds_all_capabilities(uuid, text[])',
                      'shell.can_assign_role(uuid, text)', 'shell.can_grant_permission(uuid, uuid)',
                      'shell.can_manage_user(uuid)', 'shell.login_override_allowed(uuid)',
                      'shell.module_management_allowed(uuid, text)']) AS fn
   WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p
                      WHERE p.oid = to_regprocedure(fn) AND p.prolang = (SELECT oid FROM pg_catalog.pg_language WHERE lanname = 'sql'));
  IF not_sql IS NOT NULL THEN
    RAISE EXCEPTION '038 pre-check failed: missing or not LANGUAGE sql (038 already applied?): %', not_sql;
  END IF;
END $$;

-- The fifteen helpers, each the same query as before, now planned once per connection.

CREATE OR REPLACE FUNCTION shell.claims()
RETURNS jsonb
LANGUAGE plpgsql
STABLE
SET search_path = ''
AS $$
BEGIN
  RETURN coalesce(nullif(pg_catalog.current_setting('request.jwt.claims', true), '')::jsonb, '{}'::jsonb);
END
$$;

CREATE OR REPLACE FUNCTION shell.current_user_id()
RETURNS uuid
LANGUAGE plpgsql
STABLE
SET search_path = ''
AS $$
BEGIN
  RETURN nullif(shell.claims() ->> 'sub', '')::uuid;
END
$$;

CREATE OR REPLACE FUNCTION shell.current_workspace_id()
RETURNS uuid
LANGUAGE plpgsql
STABLE
SET search_path = ''
AS $$
BEGIN
  RETURN nullif(shell.claims() ->> 'workspace_id', '')::uuid;
END
$$;

CREATE OR REPLACE FUNCTION shell.claimed_permissions()
RETURNS text[]
LANGUAGE plpgsql
STABLE
SET search_path = ''
AS $$
BEGIN
  RETURN (
    SELECT CASE
      WHEN pg_catalog.jsonb_typeof(shell.claims() -> 'permissions') = 'array'
        THEN ARRAY(SELECT pg_catalog.jsonb_array_elements_text(shell.claims() -> 'permissions'))
      ELSE '{}'::text[]
    END
  );
END
$$;

CREATE OR REPLACE FUNCTION shell.is_super()
RETURNS boolean
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
  RETURN (
    SELECT EXISTS (
      SELECT 1
        FROM public.users u
        JOIN public.workspace_memberships m ON m.user_id = u.id AND m.active
        JOIN public.workspaces w ON w.id = m.workspace_id AND w.type = 'super'
                                AND w.status = 'active'  -- 017
       WHERE u.id = shell.current_user_id()
         AND u.status = 'active'
    )
  );
END
$$;

CREATE OR REPLACE FUNCTION shell.in_platform_scope()
RETURNS boolean
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
  RETURN (
    SELECT EXISTS (
      SELECT 1
        FROM public.workspaces a
        JOIN public.users u ON u.id = shell.current_user_id() AND u.status = 'active'
        JOIN public.workspace_memberships m ON m.user_id = u.id AND m.active
        JOIN public.workspaces mw ON mw.id = m.workspace_id AND mw.status = 'active'
       WHERE a.id = shell.current_workspace_id()
         AND a.type = 'super'
         AND (m.workspace_id = a.id OR mw.type = 'super'))
  );
END
$$;

CREATE OR REPLACE FUNCTION shell.visible_workspace_ids()
RETURNS uuid[]
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $$
BEGIN
  RETURN (
    WITH active_workspace AS (
      SELECT w.id, w.type, w.parent_workspace_id
        FROM public.workspaces w
       WHERE w.id = shell.current_workspace_id()
    ),
    -- Governing memberships of the active workspace for the current, active user.
    governing AS (
      SELECT m.role_template, mw.type AS membership_workspace_type
        FROM active_workspace a
        JOIN public.users u ON u.id = shell.current_user_id() AND u.status = 'active'
        JOIN public.workspace_memberships m ON m.user_id = u.id AND m.active
        JOIN public.workspaces mw ON mw.id = m.workspace_id
                                 AND mw.status = 'active'  -- 017
       WHERE m.workspace_id = a.id
          OR (a.type = 'business' AND m.workspace_id = a.parent_workspace_id
              AND m.role_template IN ('agency_admin', 'agency_manager'))
          OR mw.type = 'super'
    )
    SELECT coalesce((
      SELECT CASE
        WHEN a.type = 'super' THEN ARRAY(SELECT w.id FROM public.workspaces w)
        WHEN a.type = 'agency' AND EXISTS (
               SELECT 1 FROM governing g
                WHERE g.membership_workspace_type = 'super'
                   OR g.role_template IN ('agency_admin', 'agency_manager'))
          THEN ARRAY(SELECT a.id
                     UNION ALL
                     SELECT c.id FROM public.workspaces c
                      WHERE c.parent_workspace_id = a.id AND c.type = 'business')
        ELSE ARRAY[a.id]
      END
        FROM active_workspace a
       WHERE EXISTS (SELECT 1 FROM governing)
    ), '{}'::uuid[])
  );
END
$$;

CREATE OR REPLACE FUNCTION shell.workspaces_with_permission(cap text)
RETURNS uuid[]
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $$
#variable_conflict use_column
BEGIN
  RETURN (
    WITH my_memberships AS (
      SELECT m.id, m.workspace_id, m.role_template, mw.type AS workspace_type
        FROM public.workspace_memberships m
        JOIN public.workspaces mw ON mw.id = m.workspace_id
                                 AND mw.status = 'active'  -- 017
       WHERE m.user_id = shell.current_user_id() AND m.active
    ),
    -- The caller's memberships whose effective capabilities include cap: role template
    -- capabilities plus allow overrides, minus deny overrides.
    granting AS MATERIALIZED (
      SELECT mm.workspace_id, mm.role_template, mm.workspace_type
        FROM my_memberships mm
       WHERE NOT EXISTS (
               SELECT 1 FROM public.membership_permissions mp
                 JOIN public.permissions p ON p.id = mp.permission_id
                WHERE mp.membership_id = mm.id AND p.code = cap AND NOT mp.allow)
         AND (EXISTS (
               SELECT 1 FROM public.roles r
                 JOIN public.role_permissions rp ON rp.role_id = r.id
                 JOIN public.permissions p ON p.id = rp.permission_id
                WHERE r.code = mm.role_template AND p.code = cap)
           OR EXISTS (
               SELECT 1 FROM public.membership_permissions mp
                 JOIN public.permissions p ON p.id = mp.permission_id
                WHERE mp.membership_id = mm.id AND p.code = cap AND mp.allow))
    )
    SELECT coalesce(array_agg(w.id), '{}'::uuid[])
      FROM public.workspaces w
     WHERE w.id = ANY ((SELECT shell.visible_workspace_ids())::uuid[])
       AND cap = ANY ((SELECT shell.claimed_permissions())::text[])
       AND EXISTS (
             SELECT 1 FROM granting g
              WHERE g.workspace_id = w.id
                 OR (w.type = 'business' AND g.workspace_id = w.parent_workspace_id
                     AND g.role_template IN ('agency_admin', 'agency_manager'))
                 OR g.workspace_type = 'super')
  );
END
$$;

CREATE OR REPLACE FUNCTION shell.has_platform_permission(cap text)
RETURNS boolean
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $$
#variable_conflict use_column
BEGIN
  RETURN (
    SELECT cap = ANY (shell.claimed_permissions())
       AND EXISTS (
             SELECT 1
               FROM public.users u
               JOIN public.workspace_memberships m ON m.user_id = u.id AND m.active
               JOIN public.workspaces w ON w.id = m.workspace_id AND w.type = 'super'
                                       AND w.status = 'active'  -- 017
              WHERE u.id = shell.current_user_id()
                AND u.status = 'active'
                AND NOT EXISTS (
                      SELECT 1 FROM public.membership_permissions mp
                        JOIN public.permissions p ON p.id = mp.permission_id
                       WHERE mp.membership_id = m.id AND p.code = cap AND NOT mp.allow)
                AND (EXISTS (
                      SELECT 1 FROM public.roles r
                        JOIN public.role_permissions rp ON rp.role_id = r.id
                        JOIN public.permissions p ON p.id = rp.permission_id
                       WHERE r.code = m.role_template AND p.code = cap)
                  OR EXISTS (
                      SELECT 1 FROM public.membership_permissions mp
                        JOIN public.permissions p ON p.id = mp.permission_id
                       WHERE mp.membership_id = m.id AND p.code = cap AND mp.allow)))
  );
END
$$;

CREATE OR REPLACE FUNCTION shell.holds_all_capabilities(ws uuid, caps text[])
RETURNS boolean
LANGUAGE plpgsql
STABLE
SET search_path = ''
AS $$
#variable_conflict use_column
BEGIN
  RETURN (
    SELECT ws IS NOT NULL AND caps IS NOT NULL
       AND NOT EXISTS (
             SELECT 1 FROM pg_catalog.unnest(caps) AS c(cap)
              WHERE c.cap IS NULL
                 OR NOT (ws = ANY (shell.workspaces_with_permission(c.cap))
                         OR EXISTS (
                              SELECT 1
                                FROM (VALUES ('impersonation.super.start', 'impersonation.agency_business.start'))
                                     AS i(implier, implied)
                               WHERE i.implied = c.cap
                                 AND ws = ANY (shell.workspaces_with_permission(i.implier)))))
  );
END
$$;

CREATE OR REPLACE FUNCTION shell.can_assign_role(ws uuid, role_code text)
RETURNS boolean
LANGUAGE plpgsql
STABLE
SET search_path = ''
AS $$
#variable_conflict use_column
BEGIN
  RETURN (
    SELECT EXISTS (SELECT 1 FROM public.roles r WHERE r.code = role_code)
       AND shell.holds_all_capabilities(ws, ARRAY(
             SELECT p.code
               FROM public.roles r
               JOIN public.role_permissions rp ON rp.role_id = r.id
               JOIN public.permissions p ON p.id = rp.permission_id
              WHERE r.code = role_code))
  );
END
$$;

CREATE OR REPLACE FUNCTION shell.can_grant_permission(ws uuid, permission uuid)
RETURNS boolean
LANGUAGE plpgsql
STABLE
SET search_path = ''
AS $$
#variable_conflict use_column
BEGIN
  RETURN (
    SELECT shell.holds_all_capabilities(ws, ARRAY[(SELECT p.code FROM public.permissions p WHERE p.id = permission)])
  );
END
$$;

CREATE OR REPLACE FUNCTION shell.can_manage_user(target_user_id uuid)
RETURNS boolean
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $$
#variable_conflict use_column
BEGIN
  RETURN (
    WITH allowed AS MATERIALIZED (SELECT shell.workspaces_with_permission('users.manage') AS ids),
    visible AS MATERIALIZED (SELECT shell.visible_workspace_ids() AS ids)
    SELECT (
             (SELECT shell.in_platform_scope()) AND (SELECT shell.has_platform_permission('users.manage'))
             OR (EXISTS (SELECT 1 FROM public.workspace_memberships m
                          WHERE m.user_id = target_user_id AND m.governs_account)
                 AND NOT EXISTS (
                       SELECT 1
                         FROM public.workspace_memberships m, allowed
                        WHERE m.user_id = target_user_id AND m.governs_account
                          AND NOT (m.workspace_id = ANY (allowed.ids))))
           )
       AND NOT EXISTS (
             SELECT 1
               FROM public.workspace_memberships m, visible
              WHERE m.user_id = target_user_id
                AND NOT shell.holds_all_capabilities(
                      CASE WHEN m.workspace_id = ANY (visible.ids) THEN m.workspace_id
                           ELSE shell.current_workspace_id() END,
                      ARRAY(SELECT p.code
                              FROM public.roles r
                              JOIN public.role_permissions rp ON rp.role_id = r.id
                              JOIN public.permissions p ON p.id = rp.permission_id
                             WHERE r.code = m.role_template
                            UNION
                            SELECT p.code
                              FROM public.membership_permissions mp
                              JOIN public.permissions p ON p.id = mp.permission_id
                             WHERE mp.membership_id = m.id AND mp.allow)))
  );
END
$$;

CREATE OR REPLACE FUNCTION shell.login_override_allowed(ws uuid)
RETURNS boolean
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $$
#variable_conflict use_column
BEGIN
  RETURN (
    SELECT CASE
             WHEN w.type <> 'business' THEN true
             ELSE coalesce((SELECT p.allow_business_override
                              FROM public.login_screen_profiles p
                             WHERE p.workspace_id = w.parent_workspace_id
                             ORDER BY p.version DESC
                             LIMIT 1), false)
           END
      FROM public.workspaces w
     WHERE w.id = ws
       AND ((SELECT shell.in_platform_scope()) OR ws = ANY ((SELECT shell.visible_workspace_ids())::uuid[]))
  );
END
$$;

CREATE OR REPLACE FUNCTION shell.module_management_allowed(ws uuid, cap text)
RETURNS boolean
LANGUAGE plpgsql
STABLE
SECURITY DEFINER
SET search_path = ''
AS $$
#variable_conflict use_column
BEGIN
  RETURN (
    SELECT CASE
             WHEN w.type <> 'business' THEN true
             ELSE coalesce((SELECT p.businesses_may_manage
                              FROM public.module_policies p
                             WHERE p.agency_workspace_id = w.parent_workspace_id), false)
                  OR shell.has_platform_permission(cap)
                  OR (cap = ANY (shell.claimed_permissions())
                      AND EXISTS (
                       SELECT 1
                         FROM public.users u
                         JOIN public.workspace_memberships m ON m.user_id = u.id AND m.active
                         JOIN public.workspaces mw ON mw.id = m.workspace_id AND mw.status = 'active'
                        WHERE u.id = shell.current_user_id()
                          AND u.status = 'active'
                          AND m.workspace_id = w.parent_workspace_id
                          AND m.role_template IN ('agency_admin', 'agency_manager')
                          AND NOT EXISTS (
                                SELECT 1 FROM public.membership_permissions mp
                                  JOIN public.permissions p ON p.id = mp.permission_id
                                 WHERE mp.membership_id = m.id AND p.code = cap AND NOT mp.allow)
                          AND (EXISTS (
                                SELECT 1 FROM public.roles r
                                  JOIN public.role_permissions rp ON rp.role_id = r.id
                                  JOIN public.permissions p ON p.id = rp.permission_id
                                 WHERE r.code = m.role_template AND p.code = cap)
                            OR EXISTS (
                                SELECT 1 FROM public.membership_permissions mp
                                  JOIN public.permissions p ON p.id = mp.permission_id
                                 WHERE mp.membership_id = m.id AND p.code = cap AND mp.allow))))
           END
      FROM public.workspaces w
     WHERE w.id = ws
  );
END
$$;

DO $$
DECLARE
  helper record;
  wrong text;
BEGIN
  FOR helper IN
    SELECT fn, definer
      FROM (VALUES ('shell.claims()', false), ('shell.current_user_id()', false),
                   ('shell.current_workspace_id()', false), ('shell.claimed_permissions()', false),
                   ('shell.is_super()', true), ('shell.in_platform_scope()', true),
                   ('shell.visible_workspace_ids()', true), ('shell.workspaces_with_permission(text)', true),
                   ('shell.has_platform_permission(text)', true),
                   ('shell.holds_all_capabilities(uuid, text[])', false),
                   ('shell.can_assign_role(uuid, text)', false), ('shell.can_grant_permission(uuid, uuid)', false),
                   ('shell.can_manage_user(uuid)', true), ('shell.login_override_allowed(uuid)', true),
                   ('shell.module_management_allowed(uuid, text)', true)) AS h(fn, definer)
  LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_language l ON l.oid = p.prolang
                    WHERE p.oid = to_regprocedure(helper.fn) AND l.lanname = 'plpgsql' AND p.provolatile = 's'
                      AND p.prosecdef = helper.definer AND p.proconfig = ARRAY['search_path=""']) THEN
      RAISE EXCEPTION '038 post-check failed: % is not LANGUAGE plpgsql STABLE with an empty search_path and SECURITY DEFINER %',
        helper.fn, helper.definer;
    END IF;
    IF NOT has_function_privilege('authenticated', helper.fn, 'EXECUTE')
       OR NOT has_function_privilege('service_role', helper.fn, 'EXECUTE')
       OR has_function_privilege('anon', helper.fn, 'EXECUTE')
       OR EXISTS (SELECT 1 FROM pg_catalog.pg_proc p, aclexplode(p.proacl) a
                   WHERE p.oid = to_regprocedure(helper.fn) AND a.grantee = 0) THEN
      RAISE EXCEPTION '038 post-check failed: % grants changed', helper.fn;
    END IF;
  END LOOP;

  -- Each helper once with empty claims (local to this transaction): the answers of 012-035.
  PERFORM set_config('request.jwt.claims', '', true);
  SELECT string_agg(name, ', ') INTO wrong
    FROM (VALUES ('claims', shell.claims() IS DISTINCT FROM '{}'::jsonb),
                 ('current_user_id', shell.current_user_id() IS NOT NULL),
                 ('current_workspace_id', shell.current_workspace_id() IS NOT NULL),
                 ('claimed_permissions', shell.claimed_permissions() IS DISTINCT FROM '{}'::text[]),
                 ('is_super', shell.is_super() IS DISTINCT FROM false),
                 ('in_platform_scope', shell.in_platform_scope() IS DISTINCT FROM false),
                 ('visible_workspace_ids', shell.visible_workspace_ids() IS DISTINCT FROM '{}'::uuid[]),
                 ('workspaces_with_permission', shell.workspaces_with_permission('settings.manage') IS DISTINCT FROM '{}'::uuid[]),
                 ('has_platform_permission', shell.has_platform_permission('settings.manage') IS DISTINCT FROM false),
                 ('holds_all_capabilities', shell.holds_all_capabilities(NULL, ARRAY['settings.manage']) IS DISTINCT FROM false),
                 ('can_assign_role', shell.can_assign_role(NULL, 'business_user') IS DISTINCT FROM false),
                 ('can_grant_permission', shell.can_grant_permission(NULL, NULL) IS DISTINCT FROM false),
                 ('can_manage_user', shell.can_manage_user(NULL) IS DISTINCT FROM false),
                 ('login_override_allowed', shell.login_override_allowed(NULL) IS NOT NULL),
                 ('module_management_allowed', shell.module_management_allowed(NULL, 'modules.enable') IS NOT NULL)
         ) AS answers(name, differs)
   WHERE differs;
  IF wrong IS NOT NULL THEN
    RAISE EXCEPTION '038 post-check failed: unexpected answers with empty claims: %', wrong;
  END IF;
END $$;

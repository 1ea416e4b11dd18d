-- 028_theme_chain.down.sql
-- Purpose: undo 028: drop the theme-cache triggers, their functions and shell.theme_chain.
--   Deploy it with a code version that neither calls shell.theme_chain nor caches themes.
-- Pre-check: 028 is applied (shell.theme_chain exists) and 029 is undone.
-- Post-check: none of the three functions is left.
-- Failure handling: the runner's transaction rolls back and nothing changes; fix and re-run.

DO $$
BEGIN
  IF to_regprocedure('shell.theme_chain(uuid)') IS NULL THEN
    RAISE EXCEPTION '028 down pre-check failed: 028 is not applied';
  END IF;
  IF to_regclass('public.domain_checks') IS NOT NULL THEN
    RAISE EXCEPTION '028 down pre-check failed: undo 029 first';
  END IF;
END $$;

DROP TRIGGER themes_notify_theme_cache ON public.themes;
DROP TRIGGER themes_truncate_notify_theme_cache ON public.themes;
DROP TRIGGER workspaces_notify_theme_cache ON public.workspaces;
DROP TRIGGER workspaces_truncate_notify_theme_cache ON public.workspaces;
DROP FUNCTION shell.notify_theme_changed();
DROP FUNCTION shell.notify_all_themes_changed();
DROP FUNCTION shell.theme_chain(uuid);

DO $$
BEGIN
  IF to_regprocedure('shell.theme_chain(uuid)') IS NOT NULL
     OR to_regprocedure('shell.notify_theme_changed()') IS NOT NULL
     OR to_regprocedure('shell.notify_all_themes_changed()') IS NOT NULL THEN
    RAISE EXCEPTION '028 down post-check failed: 028 functions remain';
  END IF;
END $$;

-- 040_event_bus.down.sql
-- Purpose: undo 040: drop module_installation_credentials, event_delivery_attempts,
--   event_deliveries and their trigger functions, module_installations' webhook endpoint
--   columns (039's column trigger again), the `no_subscribers` summary state (such events
--   become `delivered`: nothing was owed), the capability events.manage with its grants and
--   overrides, and the contract rows module-manifest 1.3.0, event-envelope 2.0.0 and
--   shell-events 1.0.0.
-- Pre-check: 040 is applied (event_deliveries exists).
-- Post-check: everything of 040 is gone and the column trigger lists 039's columns.
-- Failure handling: the runner's transaction rolls back and nothing is dropped; fix and
--   re-run. Staging only (PRD §12.6): deliveries, attempts and module credentials are lost.

DO $$
BEGIN
  IF to_regclass('public.event_deliveries') IS NULL THEN
    RAISE EXCEPTION '040 down pre-check failed: public.event_deliveries does not exist (040 not applied?)';
  END IF;
END $$;

DROP TABLE public.module_installation_credentials;
DROP TABLE public.event_delivery_attempts;
DROP TABLE public.event_deliveries;
DROP FUNCTION shell.notify_event_lane();
DROP FUNCTION shell.refuse_event_attempt_update();

UPDATE public.events SET delivery_state = 'delivered' WHERE delivery_state = 'no_subscribers';
ALTER TABLE public.events
  DROP CONSTRAINT events_delivery_state_check,
  ADD CONSTRAINT events_delivery_state_check
    CHECK (delivery_state IN ('pending', 'delivered', 'failed', 'dead_letter'));

DROP TRIGGER module_installations_check_installed_columns ON public.module_installations;
CREATE TRIGGER module_installations_check_installed_columns
  BEFORE UPDATE ON public.module_installations
  FOR EACH ROW
  WHEN ((NEW.id, NEW.workspace_id, NEW.module_key, NEW.module_version, NEW.previous_version,
         NEW.config_json, NEW.installed_by_user_id, NEW.created_at, NEW.token_permissions)
        IS DISTINCT FROM
        (OLD.id, OLD.workspace_id, OLD.module_key, OLD.module_version, OLD.previous_version,
         OLD.config_json, OLD.installed_by_user_id, OLD.created_at, OLD.token_permissions))
  EXECUTE FUNCTION shell.check_module_installation_change();
ALTER TABLE public.module_installations
  DROP CONSTRAINT module_installations_webhooks_disabled_check,
  DROP CONSTRAINT module_installations_webhooks_disabled_reason_check,
  DROP COLUMN webhooks_disabled_reason,
  DROP COLUMN webhooks_disabled_at;

-- Overrides naming it first (RESTRICT); role_permissions cascade.
DELETE FROM public.membership_permissions
 WHERE permission_id = (SELECT id FROM public.permissions WHERE code = 'events.manage');
DELETE FROM public.permissions WHERE code = 'events.manage';

DELETE FROM public.sdk_contract_versions
 WHERE (contract_name, semver) IN (('module-manifest', '1.3.0'), ('event-envelope', '2.0.0'),
                                   ('shell-events', '1.0.0'));

DO $$
BEGIN
  IF to_regclass('public.event_deliveries') IS NOT NULL
     OR to_regclass('public.event_delivery_attempts') IS NOT NULL
     OR to_regclass('public.module_installation_credentials') IS NOT NULL
     OR to_regprocedure('shell.notify_event_lane()') IS NOT NULL
     OR EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
                 WHERE attrelid = 'public.module_installations'::regclass
                   AND attname IN ('webhooks_disabled_at', 'webhooks_disabled_reason') AND NOT attisdropped)
     OR EXISTS (SELECT 1 FROM pg_catalog.pg_trigger
                 WHERE tgrelid = 'public.module_installations'::regclass
                   AND tgname = 'module_installations_check_installed_columns'
                   AND pg_catalog.pg_get_triggerdef(oid) LIKE '%webhooks_disabled%')
     OR EXISTS (SELECT 1 FROM public.permissions WHERE code = 'events.manage')
     OR EXISTS (SELECT 1 FROM public.sdk_contract_versions
                 WHERE (contract_name, semver) IN (('module-manifest', '1.3.0'),
                                                   ('event-envelope', '2.0.0'),
                                                   ('shell-events', '1.0.0'))) THEN
    RAISE EXCEPTION '040 down post-check failed: something of 040 is still there';
  END IF;
END $$;

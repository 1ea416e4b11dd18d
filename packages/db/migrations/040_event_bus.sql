-- 040_event_bus.sql
-- Purpose: the event bus of issue 12 (PRD §21, docs/events.md):
--   * capability `events.manage` (read the event monitor, emit as a user, retry, skip and
--     replay deliveries, resume a module's webhook endpoint), granted to the role templates
--     holding settings.manage (super_admin, agency_admin, business_admin), as ROLE_CAPABILITIES
--     in packages/permissions says.
--   * `module_installations.webhooks_disabled_at/_reason`: a module's webhook endpoint that
--     answered 410 Gone (`endpoint_gone`) or was stopped by an admin (`admin`) gets no new
--     event deliveries until resumed. Writing them needs modules.install for request code
--     (035's column trigger lists them); the service writes them in practice.
--   * `events.delivery_state` gains `no_subscribers` (an event nobody consumes).
--   * `event_deliveries`: the outbox. One row per (event, subscribing installation, kind):
--     `event` carries the event to the module's eventsPath, `action` calls a lifecycle
--     callback (install, enable, disable, uninstall). A lane is (installation_id, stream):
--     delivered strictly in (sequence, kind) order by the delivery runtime. An AFTER trigger
--     notifies `shell_event_lanes` with `<installation_id>/<stream>` when a row becomes due
--     (inserted, or set back to pending), delivered on commit.
--   * `event_delivery_attempts`: every HTTP attempt, append-only (UPDATE refused).
--   * `module_installation_credentials`: the module's API keys (sha256 only) and webhook
--     signing secrets (sealed by @aiconnected/secrets), with overlap on rotation.
--   * RLS: the three tables are readable by request code only in workspaces where the caller
--     holds events.manage (deliveries, attempts) or modules.install (credentials, and never
--     their secret columns); every write goes through service_role.
--   * SDK contracts (SHELL_SDK_CONTRACT_VERSION 1.3.0), all active: `module-manifest` 1.3.0
--     (module-sdk's `manifestJsonSchema()`: `runtime.webhooks`), `event-envelope` 2.0.0
--     (`eventEnvelopeJsonSchema()`: `sequence` is a 20-digit zero-padded string; breaking, so
--     a major) and `shell-events` 1.0.0 (`shellEventsJsonSchema()`: the module lifecycle events
--     and their data). Verbatim: packages/events/test/contract-rows.test.ts compares them.
-- Pre-check: 039 is applied; 040 is not (event_deliveries absent, no row of its contracts).
-- Post-check: the capability and its grants, the columns, tables, indexes, RLS, grants,
--   triggers and the three active contract rows.
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.
--   040_event_bus.down.sql undoes it (staging only: deliveries, attempts and credentials are
--   lost).

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
                  WHERE attrelid = 'public.module_installations'::regclass
                    AND attname = 'token_permissions' AND NOT attisdropped) THEN
    RAISE EXCEPTION '040 pre-check failed: 039_gateway_runtime is not applied';
  END IF;
  IF to_regclass('public.event_deliveries') IS NOT NULL
     OR to_regclass('public.event_delivery_attempts') IS NOT NULL
     OR to_regclass('public.module_installation_credentials') IS NOT NULL THEN
    RAISE EXCEPTION '040 pre-check failed: a table of 040 exists (040 already applied?)';
  END IF;
  IF EXISTS (SELECT 1 FROM public.sdk_contract_versions
              WHERE (contract_name, semver) IN (('module-manifest', '1.3.0'),
                                                ('event-envelope', '2.0.0'),
                                                ('shell-events', '1.0.0'))) THEN
    RAISE EXCEPTION '040 pre-check failed: a contract version of 040 is already published';
  END IF;
END $$;

-- The capability, held by the templates that hold settings.manage.
INSERT INTO public.permissions (code, description) VALUES
  ('events.manage', 'Read the event monitor, emit events, retry, skip and replay deliveries, resume module webhook endpoints.')
ON CONFLICT (code) DO NOTHING;
INSERT INTO public.role_permissions (role_id, permission_id)
SELECT r.id, p.id
  FROM public.roles r
  JOIN public.permissions p ON p.code = 'events.manage'
 WHERE r.code IN ('super_admin', 'agency_admin', 'business_admin')
ON CONFLICT (role_id, permission_id) DO NOTHING;

-- A module's webhook endpoint state in this workspace.
ALTER TABLE public.module_installations
  ADD COLUMN webhooks_disabled_at timestamptz,
  ADD COLUMN webhooks_disabled_reason text,
  ADD CONSTRAINT module_installations_webhooks_disabled_reason_check
    CHECK (webhooks_disabled_reason IN ('endpoint_gone', 'admin')),
  ADD CONSTRAINT module_installations_webhooks_disabled_check
    CHECK ((webhooks_disabled_at IS NULL) = (webhooks_disabled_reason IS NULL));
COMMENT ON COLUMN public.module_installations.webhooks_disabled_at IS
  'When the module''s webhook endpoint was disabled (410 Gone or an admin); null = active.';

-- 039's column rule with the endpoint columns: request code needs modules.install for them.
DROP TRIGGER module_installations_check_installed_columns ON public.module_installations;
CREATE TRIGGER module_installations_check_installed_columns
  BEFORE UPDATE ON public.module_installations
  FOR EACH ROW
  WHEN ((NEW.id, NEW.workspace_id, NEW.module_key, NEW.module_version, NEW.previous_version,
         NEW.config_json, NEW.installed_by_user_id, NEW.created_at, NEW.token_permissions,
         NEW.webhooks_disabled_at, NEW.webhooks_disabled_reason)
        IS DISTINCT FROM
        (OLD.id, OLD.workspace_id, OLD.module_key, OLD.module_version, OLD.previous_version,
         OLD.config_json, OLD.installed_by_user_id, OLD.created_at, OLD.token_permissions,
         OLD.webhooks_disabled_at, OLD.webhooks_disabled_reason))
  EXECUTE FUNCTION shell.check_module_installation_change();

-- The events' summary over their deliveries gains the event nobody consumes.
ALTER TABLE public.events
  DROP CONSTRAINT events_delivery_state_check,
  ADD CONSTRAINT events_delivery_state_check
    CHECK (delivery_state IN ('pending', 'delivered', 'failed', 'dead_letter', 'no_subscribers'));

CREATE TABLE public.event_deliveries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  event_id uuid NOT NULL REFERENCES public.events (id) ON DELETE CASCADE,
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id) ON DELETE RESTRICT,
  installation_id uuid NOT NULL REFERENCES public.module_installations (id) ON DELETE CASCADE,
  module_key text NOT NULL,
  -- event: the event to the module's eventsPath; action: a lifecycle callback.
  kind text NOT NULL,
  action text,
  -- The event's stream and sequence, copied: a lane is (installation_id, stream).
  stream text NOT NULL,
  sequence bigint NOT NULL,
  state text NOT NULL DEFAULT 'pending',
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  -- HTTP status of the last attempt; null when none answered.
  last_status integer,
  last_error text,
  skip_reason text,
  replays integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz,
  dead_lettered_at timestamptz,
  skipped_at timestamptz,
  CONSTRAINT event_deliveries_event_id_installation_id_kind_key UNIQUE (event_id, installation_id, kind),
  CONSTRAINT event_deliveries_kind_check CHECK (kind IN ('event', 'action')),
  CONSTRAINT event_deliveries_action_check
    CHECK (action IN ('install', 'enable', 'disable', 'uninstall')
           AND (kind = 'action') = (action IS NOT NULL)),
  CONSTRAINT event_deliveries_state_check CHECK (state IN ('pending', 'delivered', 'dead_letter', 'skipped')),
  CONSTRAINT event_deliveries_attempts_check CHECK (attempts >= 0),
  CONSTRAINT event_deliveries_replays_check CHECK (replays >= 0),
  CONSTRAINT event_deliveries_sequence_check CHECK (sequence >= 1),
  CONSTRAINT event_deliveries_last_status_check CHECK (last_status BETWEEN 100 AND 599),
  CONSTRAINT event_deliveries_last_error_check CHECK (length(last_error) <= 500),
  CONSTRAINT event_deliveries_skip_reason_check
    CHECK (skip_reason IN ('admin', 'endpoint_gone', 'installation_not_enabled')),
  CONSTRAINT event_deliveries_skipped_check CHECK ((state = 'skipped') = (skip_reason IS NOT NULL))
);
-- The lane's queue, in delivery order: only what is still to deliver (or blocks the lane).
CREATE INDEX event_deliveries_lane_idx ON public.event_deliveries (installation_id, stream, sequence, kind)
  WHERE state IN ('pending', 'dead_letter');
-- The sweep: lanes with a due delivery.
CREATE INDEX event_deliveries_due_idx ON public.event_deliveries (next_attempt_at) WHERE state = 'pending';
-- The dead-letter list of a workspace, newest first.
CREATE INDEX event_deliveries_dead_letter_idx ON public.event_deliveries (workspace_id, dead_lettered_at DESC, id)
  WHERE state = 'dead_letter';
-- Replay and subscriptions: a workspace's deliveries of one installation and stream.
CREATE INDEX event_deliveries_installation_stream_sequence_idx
  ON public.event_deliveries (installation_id, stream, sequence);
COMMENT ON TABLE public.event_deliveries IS
  'Outbox: one delivery of an event (or lifecycle action) to one installation; service-written.';

CREATE TABLE public.event_delivery_attempts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  delivery_id uuid NOT NULL REFERENCES public.event_deliveries (id) ON DELETE CASCADE,
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id) ON DELETE RESTRICT,
  attempt integer NOT NULL,
  started_at timestamptz NOT NULL,
  duration_ms integer NOT NULL,
  response_status integer,
  outcome text NOT NULL,
  error text,
  worker text,
  CONSTRAINT event_delivery_attempts_attempt_check CHECK (attempt >= 1),
  CONSTRAINT event_delivery_attempts_duration_ms_check CHECK (duration_ms >= 0),
  CONSTRAINT event_delivery_attempts_response_status_check CHECK (response_status BETWEEN 100 AND 599),
  CONSTRAINT event_delivery_attempts_outcome_check
    CHECK (outcome IN ('delivered', 'failed', 'timeout', 'unreachable', 'refused', 'gone')),
  CONSTRAINT event_delivery_attempts_error_check CHECK (length(error) <= 500),
  CONSTRAINT event_delivery_attempts_worker_check CHECK (length(worker) <= 128)
);
CREATE INDEX event_delivery_attempts_delivery_idx ON public.event_delivery_attempts (delivery_id, attempt);
COMMENT ON TABLE public.event_delivery_attempts IS
  'Every HTTP attempt of a delivery; append-only, deleted with its delivery.';

CREATE TABLE public.module_installation_credentials (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  installation_id uuid NOT NULL REFERENCES public.module_installations (id) ON DELETE CASCADE,
  workspace_id uuid NOT NULL REFERENCES public.workspaces (id) ON DELETE RESTRICT,
  kind text NOT NULL,
  -- The start of the secret, shown in the UI to tell credentials apart.
  prefix text NOT NULL,
  -- api_key: sha256 of the key; webhook_secret: the secret sealed by @aiconnected/secrets.
  secret_hash bytea,
  sealed_secret jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid REFERENCES public.users (id) ON DELETE SET NULL,
  -- Set when a newer credential supersedes it (end of the overlap); null = no end.
  expires_at timestamptz,
  revoked_at timestamptz,
  CONSTRAINT module_installation_credentials_kind_check CHECK (kind IN ('api_key', 'webhook_secret')),
  CONSTRAINT module_installation_credentials_prefix_check CHECK (length(prefix) BETWEEN 4 AND 32),
  CONSTRAINT module_installation_credentials_secret_hash_check
    CHECK ((kind = 'api_key') = (secret_hash IS NOT NULL) AND length(secret_hash) = 32),
  CONSTRAINT module_installation_credentials_sealed_secret_check
    CHECK ((kind = 'webhook_secret') = (sealed_secret IS NOT NULL) AND jsonb_typeof(sealed_secret) = 'object')
);
CREATE UNIQUE INDEX module_installation_credentials_secret_hash_key
  ON public.module_installation_credentials (secret_hash) WHERE secret_hash IS NOT NULL;
CREATE INDEX module_installation_credentials_installation_kind_idx
  ON public.module_installation_credentials (installation_id, kind, created_at DESC);
COMMENT ON TABLE public.module_installation_credentials IS
  'API keys (sha256) and sealed webhook secrets of module installations; service-written.';

-- Wakes the delivery runtime for a lane when one of its deliveries becomes due.
CREATE FUNCTION shell.notify_event_lane()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
  PERFORM pg_notify('shell_event_lanes', NEW.installation_id::text || '/' || NEW.stream);
  RETURN NULL;
END
$$;
COMMENT ON FUNCTION shell.notify_event_lane() IS
  'Trigger: NOTIFY shell_event_lanes <installation_id>/<stream> when a delivery becomes due.';

-- Attempts are a record: never rewritten.
CREATE FUNCTION shell.refuse_event_attempt_update()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
  RAISE EXCEPTION 'delivery attempt % is append-only: UPDATE is not allowed', OLD.id
    USING ERRCODE = 'insufficient_privilege';
END
$$;
COMMENT ON FUNCTION shell.refuse_event_attempt_update() IS
  'Trigger: event_delivery_attempts are never updated.';

REVOKE ALL ON FUNCTION shell.notify_event_lane(), shell.refuse_event_attempt_update()
  FROM PUBLIC, anon, authenticated, service_role;

CREATE TRIGGER event_deliveries_notify_lane_insert
  AFTER INSERT ON public.event_deliveries
  FOR EACH ROW WHEN (NEW.state = 'pending')
  EXECUTE FUNCTION shell.notify_event_lane();
CREATE TRIGGER event_deliveries_notify_lane_update
  AFTER UPDATE OF state, next_attempt_at ON public.event_deliveries
  FOR EACH ROW WHEN (NEW.state = 'pending'
                     AND (OLD.state <> 'pending' OR NEW.next_attempt_at < OLD.next_attempt_at))
  EXECUTE FUNCTION shell.notify_event_lane();
CREATE TRIGGER event_delivery_attempts_append_only
  BEFORE UPDATE ON public.event_delivery_attempts
  FOR EACH ROW EXECUTE FUNCTION shell.refuse_event_attempt_update();
CREATE TRIGGER event_delivery_attempts_refuse_truncate
  BEFORE TRUNCATE ON public.event_delivery_attempts
  FOR EACH STATEMENT EXECUTE FUNCTION shell.refuse_truncate();

-- RLS and privileges: request code reads (with the capability), the service writes.
ALTER TABLE public.event_deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.event_deliveries FORCE ROW LEVEL SECURITY;
ALTER TABLE public.event_delivery_attempts ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.event_delivery_attempts FORCE ROW LEVEL SECURITY;
ALTER TABLE public.module_installation_credentials ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.module_installation_credentials FORCE ROW LEVEL SECURITY;

REVOKE ALL ON public.event_deliveries, public.event_delivery_attempts,
  public.module_installation_credentials FROM PUBLIC, anon, authenticated;
GRANT ALL ON public.event_deliveries, public.event_delivery_attempts,
  public.module_installation_credentials TO service_role;
GRANT SELECT ON public.event_deliveries, public.event_delivery_attempts TO authenticated;
-- Never the secret columns.
GRANT SELECT (id, installation_id, workspace_id, kind, prefix, created_at, created_by, expires_at, revoked_at)
  ON public.module_installation_credentials TO authenticated;

CREATE POLICY event_deliveries_select_events_manage ON public.event_deliveries
  FOR SELECT TO authenticated
  USING (workspace_id = ANY ((SELECT shell.workspaces_with_permission('events.manage'))::uuid[]));
CREATE POLICY event_delivery_attempts_select_events_manage ON public.event_delivery_attempts
  FOR SELECT TO authenticated
  USING (workspace_id = ANY ((SELECT shell.workspaces_with_permission('events.manage'))::uuid[]));
CREATE POLICY module_installation_credentials_select_modules_install ON public.module_installation_credentials
  FOR SELECT TO authenticated
  USING (workspace_id = ANY ((SELECT shell.workspaces_with_permission('modules.install'))::uuid[]));

-- The contracts of SDK contract version 1.3.0, verbatim from the functions named above.
INSERT INTO public.sdk_contract_versions (contract_name, semver, status, schema_json, published_at) VALUES
('module-manifest', '1.3.0', 'active', $json$
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://aiconnected.dev/schemas/module-manifest/1.3.0.json",
  "$ref": "#/$defs/ModuleManifest",
  "$defs": {
    "ModuleManifest": {
      "type": "object",
      "properties": {
        "$schema": {
          "description": "URL of this document's JSON Schema, for editors, e.g. https://<platform>/api/sdk/schemas/module-manifest.json; ignored by the shell",
          "type": "string",
          "maxLength": 2048,
          "format": "uri"
        },
        "manifestVersion": {
          "description": "Version of the manifest format; absent means 1",
          "type": "number",
          "const": 1
        },
        "id": {
          "type": "string",
          "maxLength": 64,
          "pattern": "^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$",
          "description": "Module key: lower-kebab, 1-64 characters (e.g. crm-lite)"
        },
        "name": {
          "type": "string",
          "minLength": 1,
          "maxLength": 100
        },
        "version": {
          "type": "string",
          "description": "Semantic version, semver.org 2.0.0 (e.g. 1.4.0 or 2.0.0-beta.1)"
        },
        "description": {
          "type": "string",
          "minLength": 1,
          "maxLength": 1000
        },
        "engines": {
          "type": "object",
          "properties": {
            "shell": {
              "type": "string",
              "description": "Range of shell SDK contract versions the module works with, e.g. ^1.0.0"
            }
          },
          "required": [
            "shell"
          ],
          "additionalProperties": false
        },
        "permissions": {
          "maxItems": 200,
          "type": "array",
          "items": {
            "type": "string",
            "maxLength": 128,
            "pattern": "^[a-z][a-z0-9_-]*(?:[.:][a-z][a-z0-9_-]*)+$",
            "description": "Permission key, e.g. crm-lite.contacts.read"
          },
          "description": "Permission keys the module requires or defines"
        },
        "capabilities": {
          "maxItems": 50,
          "type": "array",
          "items": {
            "type": "string",
            "pattern": "^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$"
          },
          "description": "Capabilities the module uses, e.g. notifications, storage"
        },
        "sharedEntities": {
          "maxItems": 50,
          "type": "array",
          "items": {
            "$ref": "#/$defs/SharedEntity"
          },
          "description": "Shell-owned entities the module reads through contracts"
        },
        "admin": {
          "$ref": "#/$defs/ModuleAdminLayer"
        },
        "site": {
          "$ref": "#/$defs/ModuleSiteLayer"
        },
        "events": {
          "$ref": "#/$defs/ModuleEvents"
        },
        "configSchema": {
          "description": "JSON Schema of the per-workspace installation config",
          "type": "object",
          "propertyNames": {
            "type": "string"
          },
          "additionalProperties": {
            "$ref": "#/$defs/JsonValue"
          }
        },
        "runtime": {
          "$ref": "#/$defs/ModuleRuntime"
        },
        "frontend": {
          "$ref": "#/$defs/ModuleFrontend"
        },
        "paid": {
          "description": "Paid modules need a billing entitlement to be enabled (PRD §23.2)",
          "type": "boolean"
        }
      },
      "required": [
        "id",
        "name",
        "version",
        "description",
        "engines",
        "permissions",
        "capabilities",
        "sharedEntities",
        "admin",
        "site",
        "events",
        "configSchema",
        "runtime"
      ],
      "additionalProperties": false,
      "description": "Module manifest v1 (PRD §18)"
    },
    "SharedEntity": {
      "type": "string",
      "enum": [
        "users",
        "workspaces",
        "workspace_memberships",
        "roles",
        "permissions",
        "role_permissions",
        "membership_permissions",
        "themes",
        "layout_definitions",
        "layout_versions",
        "module_registry",
        "module_installations",
        "billing_accounts",
        "subscriptions",
        "events",
        "audit_logs",
        "contacts",
        "integration_connections",
        "ai_jobs",
        "workspace_domains",
        "branding_assets",
        "workspace_feature_flags",
        "navigation_profiles",
        "credential_policies",
        "sdk_contract_versions"
      ],
      "description": "Shell-owned entity (PRD §11)"
    },
    "ModuleAdminLayer": {
      "type": "object",
      "properties": {
        "pages": {
          "maxItems": 100,
          "type": "array",
          "items": {
            "$ref": "#/$defs/ModulePage"
          }
        },
        "apiRoutes": {
          "maxItems": 100,
          "type": "array",
          "items": {
            "$ref": "#/$defs/ModuleApiRoute"
          }
        },
        "navigation": {
          "maxItems": 100,
          "type": "array",
          "items": {
            "$ref": "#/$defs/ModuleNavigationItem"
          }
        }
      },
      "required": [
        "pages",
        "apiRoutes",
        "navigation"
      ],
      "additionalProperties": false,
      "description": "Back-office layer: sidebar links, pages, APIs"
    },
    "ModulePage": {
      "type": "object",
      "properties": {
        "path": {
          "type": "string",
          "maxLength": 256,
          "pattern": "^\\/(?:(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*|:[A-Za-z][A-Za-z0-9_]*)(?:\\/(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*|:[A-Za-z][A-Za-z0-9_]*))*)?$",
          "description": "Path relative to the layer mount point, e.g. /contacts/:contactId"
        },
        "title": {
          "type": "string",
          "minLength": 1,
          "maxLength": 80
        },
        "minimumRole": {
          "$ref": "#/$defs/ModuleMinimumRole"
        }
      },
      "required": [
        "path",
        "title"
      ],
      "additionalProperties": false,
      "description": "A module page of the admin or site layer"
    },
    "ModuleMinimumRole": {
      "type": "string",
      "enum": [
        "member",
        "admin",
        "owner"
      ],
      "description": "Least role allowed to call a module route"
    },
    "ModuleApiRoute": {
      "type": "object",
      "properties": {
        "method": {
          "type": "string",
          "enum": [
            "GET",
            "POST",
            "PUT",
            "PATCH",
            "DELETE"
          ]
        },
        "path": {
          "type": "string",
          "maxLength": 256,
          "pattern": "^\\/(?:(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*|:[A-Za-z][A-Za-z0-9_]*)(?:\\/(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*|:[A-Za-z][A-Za-z0-9_]*))*)?$",
          "description": "Path relative to the layer mount point, e.g. /contacts/:contactId"
        },
        "minimumRole": {
          "$ref": "#/$defs/ModuleMinimumRole"
        },
        "permissions": {
          "maxItems": 20,
          "type": "array",
          "items": {
            "type": "string",
            "maxLength": 128,
            "pattern": "^[a-z][a-z0-9_-]*(?:[.:][a-z][a-z0-9_-]*)+$",
            "description": "Permission key, e.g. crm-lite.contacts.read"
          }
        },
        "description": {
          "type": "string",
          "maxLength": 300
        }
      },
      "required": [
        "method",
        "path",
        "minimumRole"
      ],
      "additionalProperties": false,
      "description": "A module API route; minimumRole is required"
    },
    "ModuleNavigationItem": {
      "type": "object",
      "properties": {
        "label": {
          "type": "string",
          "minLength": 1,
          "maxLength": 60
        },
        "path": {
          "type": "string",
          "maxLength": 256,
          "pattern": "^\\/(?:(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*|:[A-Za-z][A-Za-z0-9_]*)(?:\\/(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*|:[A-Za-z][A-Za-z0-9_]*))*)?$",
          "description": "Path relative to the layer mount point, e.g. /contacts/:contactId"
        },
        "icon": {
          "type": "string",
          "pattern": "^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$"
        },
        "order": {
          "type": "integer",
          "minimum": 0,
          "maximum": 1000
        }
      },
      "required": [
        "label",
        "path"
      ],
      "additionalProperties": false,
      "description": "A navigation link to a module page"
    },
    "ModuleSiteLayer": {
      "type": "object",
      "properties": {
        "pages": {
          "maxItems": 100,
          "type": "array",
          "items": {
            "$ref": "#/$defs/ModulePage"
          }
        },
        "apiRoutes": {
          "maxItems": 100,
          "type": "array",
          "items": {
            "$ref": "#/$defs/ModuleApiRoute"
          }
        },
        "navigation": {
          "maxItems": 100,
          "type": "array",
          "items": {
            "$ref": "#/$defs/ModuleNavigationItem"
          }
        },
        "requiredSiteCapabilities": {
          "maxItems": 20,
          "type": "array",
          "items": {
            "$ref": "#/$defs/ModuleSiteThemeCapability"
          },
          "description": "Site theme capabilities the module needs, e.g. site-section"
        }
      },
      "required": [
        "pages",
        "apiRoutes",
        "navigation",
        "requiredSiteCapabilities"
      ],
      "additionalProperties": false,
      "description": "End-user site layer: header links, pages, APIs"
    },
    "ModuleSiteThemeCapability": {
      "type": "string",
      "enum": [
        "site-section",
        "site-container",
        "site-colors",
        "site-typography",
        "site-radius"
      ],
      "description": "A site theme capability the shell provides, e.g. site-section"
    },
    "ModuleEvents": {
      "type": "object",
      "properties": {
        "emits": {
          "maxItems": 100,
          "type": "array",
          "items": {
            "$ref": "#/$defs/ModuleEventDeclaration"
          }
        },
        "consumes": {
          "maxItems": 100,
          "type": "array",
          "items": {
            "$ref": "#/$defs/ModuleEventDeclaration"
          }
        }
      },
      "required": [
        "emits",
        "consumes"
      ],
      "additionalProperties": false,
      "description": "Events a module emits and consumes"
    },
    "ModuleEventDeclaration": {
      "type": "object",
      "properties": {
        "name": {
          "type": "string",
          "maxLength": 128,
          "pattern": "^[a-z][a-z0-9-]*(?:\\.[a-z][a-z0-9_-]*)+$",
          "description": "Event name, e.g. crm-lite.contact.created"
        },
        "description": {
          "type": "string",
          "maxLength": 300
        },
        "schema": {
          "description": "JSON Schema (draft 2020-12) document",
          "type": "object",
          "propertyNames": {
            "type": "string"
          },
          "additionalProperties": {
            "$ref": "#/$defs/JsonValue"
          }
        }
      },
      "required": [
        "name",
        "schema"
      ],
      "additionalProperties": false,
      "description": "Declared event: name and data schema"
    },
    "JsonValue": {
      "description": "Any JSON value",
      "anyOf": [
        {
          "type": "string"
        },
        {
          "type": "number"
        },
        {
          "type": "boolean"
        },
        {
          "type": "null"
        },
        {
          "type": "array",
          "items": {
            "$ref": "#/$defs/JsonValue"
          }
        },
        {
          "type": "object",
          "propertyNames": {
            "type": "string"
          },
          "additionalProperties": {
            "$ref": "#/$defs/JsonValue"
          }
        }
      ]
    },
    "ModuleRuntime": {
      "type": "object",
      "properties": {
        "apiVersion": {
          "type": "string",
          "const": "v1"
        },
        "target": {
          "$ref": "#/$defs/ModuleHttpTarget"
        },
        "webhooks": {
          "$ref": "#/$defs/ModuleWebhooks"
        }
      },
      "required": [
        "apiVersion",
        "target"
      ],
      "additionalProperties": false,
      "description": "Runtime API version, target and webhooks of a module"
    },
    "ModuleHttpTarget": {
      "type": "object",
      "properties": {
        "type": {
          "type": "string",
          "const": "http"
        },
        "baseUrl": {
          "type": "string",
          "format": "uri",
          "description": "Base URL the gateway forwards to, e.g. http://crm-lite:8080/api"
        },
        "healthPath": {
          "type": "string",
          "maxLength": 256,
          "pattern": "^\\/(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*(?:\\/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*)?$",
          "description": "Path under baseUrl answering 2xx when healthy"
        },
        "timeoutMs": {
          "type": "integer",
          "minimum": 100,
          "maximum": 60000
        }
      },
      "required": [
        "type",
        "baseUrl",
        "healthPath"
      ],
      "additionalProperties": false,
      "description": "HTTP runtime target of a module"
    },
    "ModuleWebhooks": {
      "type": "object",
      "properties": {
        "eventsPath": {
          "description": "Path receiving the consumed events, e.g. /webhooks/events",
          "type": "string",
          "maxLength": 256,
          "pattern": "^\\/(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*(?:\\/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*)?$"
        },
        "actions": {
          "description": "Lifecycle callback paths (install, enable, disable, uninstall)",
          "type": "object",
          "properties": {
            "install": {
              "type": "string",
              "maxLength": 256,
              "pattern": "^\\/(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*(?:\\/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*)?$"
            },
            "enable": {
              "type": "string",
              "maxLength": 256,
              "pattern": "^\\/(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*(?:\\/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*)?$"
            },
            "disable": {
              "type": "string",
              "maxLength": 256,
              "pattern": "^\\/(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*(?:\\/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*)?$"
            },
            "uninstall": {
              "type": "string",
              "maxLength": 256,
              "pattern": "^\\/(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*(?:\\/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*)?$"
            }
          },
          "additionalProperties": false
        },
        "timeoutMs": {
          "description": "Time a delivery may take, 100-30000 ms (default 10000)",
          "type": "integer",
          "minimum": 100,
          "maximum": 30000
        }
      },
      "additionalProperties": false,
      "description": "Event and lifecycle webhook paths of a module"
    },
    "ModuleFrontend": {
      "type": "object",
      "properties": {
        "entryUrl": {
          "type": "string",
          "format": "uri",
          "description": "HTTPS URL of the module UI entry page (http only on localhost, 127.0.0.1 or [::1])"
        }
      },
      "required": [
        "entryUrl"
      ],
      "additionalProperties": false,
      "description": "Iframe UI of a module"
    }
  }
}
$json$::jsonb, now()),
('event-envelope', '2.0.0', 'active', $json$
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://aiconnected.dev/schemas/event-envelope/2.0.0.json",
  "$ref": "#/$defs/EventEnvelope",
  "$defs": {
    "EventEnvelope": {
      "type": "object",
      "properties": {
        "id": {
          "type": "string",
          "format": "uuid",
          "pattern": "^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$",
          "description": "Event id; (source, id) is unique"
        },
        "source": {
          "type": "string",
          "minLength": 1,
          "maxLength": 256,
          "pattern": "^\\S+$",
          "description": "URI-reference of the emitter, e.g. /modules/crm-lite or /shell"
        },
        "type": {
          "type": "string",
          "maxLength": 128,
          "pattern": "^[a-z][a-z0-9-]*(?:\\.[a-z][a-z0-9_-]*)+$",
          "description": "Event name, e.g. crm-lite.contact.created"
        },
        "specversion": {
          "type": "string",
          "const": "1.0"
        },
        "time": {
          "type": "string",
          "format": "date-time",
          "pattern": "^(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))T(?:(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?(?:Z|([+-](?:[01]\\d|2[0-3]):[0-5]\\d)))$",
          "description": "RFC 3339 timestamp with offset"
        },
        "datacontenttype": {
          "type": "string",
          "const": "application/json"
        },
        "data": {
          "$ref": "#/$defs/JsonValue"
        },
        "workspaceid": {
          "type": "string",
          "format": "uuid",
          "pattern": "^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$",
          "description": "Workspace the event belongs to"
        },
        "partitionkey": {
          "type": "string",
          "minLength": 1,
          "maxLength": 200,
          "description": "Stream key; delivery is ordered per (workspaceid, partitionkey)"
        },
        "sequence": {
          "type": "string",
          "pattern": "^\\d{20}$",
          "description": "Position in the stream from 1, zero-padded to 20 digits so it sorts as text (00000000000000000042)"
        },
        "correlationid": {
          "type": "string",
          "pattern": "^[A-Za-z0-9._:-]{1,128}$",
          "description": "Correlation id of the originating request (1-128 header-safe characters)"
        },
        "idempotencykey": {
          "description": "Publisher's key; a retried emit with the same key is a no-op",
          "type": "string",
          "minLength": 1,
          "maxLength": 200
        }
      },
      "required": [
        "id",
        "source",
        "type",
        "specversion",
        "time",
        "data",
        "workspaceid",
        "partitionkey",
        "sequence",
        "correlationid"
      ],
      "description": "CloudEvents 1.0 compatible event envelope with tenant and stream extensions"
    },
    "JsonValue": {
      "description": "Any JSON value",
      "anyOf": [
        {
          "type": "string"
        },
        {
          "type": "number"
        },
        {
          "type": "boolean"
        },
        {
          "type": "null"
        },
        {
          "type": "array",
          "items": {
            "$ref": "#/$defs/JsonValue"
          }
        },
        {
          "type": "object",
          "propertyNames": {
            "type": "string"
          },
          "additionalProperties": {
            "$ref": "#/$defs/JsonValue"
          }
        }
      ]
    }
  }
}
$json$::jsonb, now()),
('shell-events', '1.0.0', 'active', $json$
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://aiconnected.dev/schemas/shell-events/1.0.0.json",
  "$ref": "#/$defs/ShellEvent",
  "$defs": {
    "ShellEvent": {
      "type": "object",
      "properties": {
        "type": {
          "type": "string",
          "enum": [
            "module.installed",
            "module.enabled",
            "module.disabled",
            "module.uninstalled",
            "module.upgraded",
            "module.rolled_back"
          ]
        },
        "data": {
          "$ref": "#/$defs/ModuleLifecycleEventData"
        }
      },
      "required": [
        "type",
        "data"
      ],
      "additionalProperties": false,
      "description": "An event the shell emits (source /shell): its type (name) and data"
    },
    "ModuleLifecycleEventData": {
      "type": "object",
      "properties": {
        "installation_id": {
          "type": "string",
          "format": "uuid",
          "pattern": "^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$"
        },
        "module_key": {
          "type": "string",
          "maxLength": 64,
          "pattern": "^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$",
          "description": "Module key: lower-kebab, 1-64 characters (e.g. crm-lite)"
        },
        "version": {
          "type": "string",
          "description": "The installed version after the transition"
        },
        "previous_version": {
          "description": "The version before an upgrade or rollback",
          "type": "string"
        },
        "state": {
          "$ref": "#/$defs/ModuleInstallationState"
        }
      },
      "required": [
        "installation_id",
        "module_key",
        "version",
        "state"
      ],
      "additionalProperties": false,
      "description": "Data of module.installed|enabled|disabled|uninstalled|upgraded|rolled_back"
    },
    "ModuleInstallationState": {
      "type": "string",
      "enum": [
        "installed",
        "enabled",
        "disabled",
        "uninstalled"
      ],
      "description": "State of a module in one workspace"
    }
  }
}
$json$::jsonb, now());

DO $$
BEGIN
  IF (SELECT count(*) FROM public.role_permissions rp
        JOIN public.roles r ON r.id = rp.role_id
        JOIN public.permissions p ON p.id = rp.permission_id
       WHERE p.code = 'events.manage') <> 3
     OR EXISTS (SELECT 1 FROM public.role_permissions rp
                  JOIN public.roles r ON r.id = rp.role_id
                  JOIN public.permissions p ON p.id = rp.permission_id
                 WHERE p.code = 'events.manage'
                   AND r.code NOT IN ('super_admin', 'agency_admin', 'business_admin')) THEN
    RAISE EXCEPTION '040 post-check failed: events.manage is not granted to exactly the three admin templates';
  END IF;
  IF (SELECT count(*) FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name = 'module_installations'
         AND column_name IN ('webhooks_disabled_at', 'webhooks_disabled_reason')) <> 2
     OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger
                     WHERE tgrelid = 'public.module_installations'::regclass
                       AND tgname = 'module_installations_check_installed_columns' AND NOT tgisinternal
                       AND pg_catalog.pg_get_triggerdef(oid) ILIKE '%old.webhooks_disabled_reason%') THEN
    RAISE EXCEPTION '040 post-check failed: module_installations endpoint columns or their column rule missing';
  END IF;
  IF (SELECT count(*) FROM pg_catalog.pg_class
       WHERE oid IN ('public.event_deliveries'::regclass, 'public.event_delivery_attempts'::regclass,
                     'public.module_installation_credentials'::regclass)
         AND relrowsecurity AND relforcerowsecurity) <> 3 THEN
    RAISE EXCEPTION '040 post-check failed: RLS is not forced on the new tables';
  END IF;
  IF has_table_privilege('authenticated', 'public.event_deliveries', 'INSERT, UPDATE, DELETE')
     OR has_table_privilege('authenticated', 'public.event_delivery_attempts', 'INSERT, UPDATE, DELETE')
     OR has_table_privilege('authenticated', 'public.module_installation_credentials', 'INSERT, UPDATE, DELETE')
     OR has_column_privilege('authenticated', 'public.module_installation_credentials', 'secret_hash', 'SELECT')
     OR has_column_privilege('authenticated', 'public.module_installation_credentials', 'sealed_secret', 'SELECT')
     OR has_table_privilege('anon', 'public.event_deliveries', 'SELECT')
     OR has_table_privilege('anon', 'public.module_installation_credentials', 'SELECT') THEN
    RAISE EXCEPTION '040 post-check failed: request roles may write the new tables or read secrets';
  END IF;
  IF to_regclass('public.event_deliveries_lane_idx') IS NULL
     OR to_regclass('public.event_deliveries_due_idx') IS NULL
     OR to_regclass('public.event_deliveries_dead_letter_idx') IS NULL
     OR to_regclass('public.event_delivery_attempts_delivery_idx') IS NULL
     OR to_regclass('public.module_installation_credentials_secret_hash_key') IS NULL THEN
    RAISE EXCEPTION '040 post-check failed: an index of 040 is missing';
  END IF;
  IF (SELECT count(*) FROM pg_catalog.pg_trigger
       WHERE tgname IN ('event_deliveries_notify_lane_insert', 'event_deliveries_notify_lane_update',
                        'event_delivery_attempts_append_only', 'event_delivery_attempts_refuse_truncate')
         AND NOT tgisinternal AND tgenabled = 'O') <> 4 THEN
    RAISE EXCEPTION '040 post-check failed: a trigger of 040 is missing or disabled';
  END IF;
  IF (SELECT count(*) FROM public.sdk_contract_versions
       WHERE status = 'active'
         AND schema_json ->> '$schema' = 'https://json-schema.org/draft/2020-12/schema'
         AND schema_json ->> '$id' = 'https://aiconnected.dev/schemas/' || contract_name || '/' || semver || '.json'
         AND (contract_name, semver) IN (('module-manifest', '1.3.0'),
                                         ('event-envelope', '2.0.0'),
                                         ('shell-events', '1.0.0'))) <> 3 THEN
    RAISE EXCEPTION '040 post-check failed: a contract row of 040 is missing or malformed';
  END IF;
END $$;

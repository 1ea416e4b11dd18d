-- 016_sdk_contract_versions.sql
-- Purpose: `sdk_contract_versions`, the published, versioned public contracts of the shell
--   (PRD §11, §12.2, §20.1, §41), and their initial versions, each a JSON Schema (draft
--   2020-12) of the contract as ARCHITECTURE.md ("API", "Modules") describes it:
--     error-envelope 1.0.0            {error: {code, message, details?, correlation_id}}
--     event-envelope 1.0.0            CloudEvents 1.0 envelope + workspaceid, partitionkey,
--                                     sequence, correlationid
--     gateway-forward-headers 1.0.0   x-shell-user-id, -workspace-id, -module-key,
--                                     -correlation-id, -impersonation, -claims-signature
--     module-manifest 1.0.0           the PRD §18 top-level fields of manifest v1
--   Global table: every authenticated request reads; writes need settings.manage granted by
--   a super membership (super-only publication, PRD §25.3). RLS enabled and forced.
--   Idempotent (PRD §12.6): IF NOT EXISTS / drop-if-exists-then-create / ON CONFLICT DO
--   NOTHING, so re-running it changes nothing and succeeds. Existing versions are never
--   rewritten: a contract change is a new semver row.
-- Pre-check: 015 is applied (RLS on the 014 tables) and the 012 helpers exist.
-- Post-check: the table, its unique constraint and (contract_name, status) index, RLS
--   enabled and forced, the four policies, privileges (anon none), and the four active
--   1.0.0 contracts with draft 2020-12 schemas all exist.
-- Failure handling: the runner's transaction rolls back; nothing applied; fix and re-run.
--   Forward-only (PRD §12.6): no down file; correct a published contract by inserting a new
--   version (and deprecating the old one) in a later migration.

DO $$
BEGIN
  IF to_regclass('public.workspace_domains') IS NULL
     OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_class
                     WHERE oid = 'public.workspace_domains'::regclass AND relrowsecurity AND relforcerowsecurity) THEN
    RAISE EXCEPTION '016 pre-check failed: 015_rls_extension_policies is not applied';
  END IF;
  IF to_regprocedure('shell.has_platform_permission(text)') IS NULL THEN
    RAISE EXCEPTION '016 pre-check failed: shell.has_platform_permission(text) (012) is missing';
  END IF;
END $$;

CREATE TABLE IF NOT EXISTS public.sdk_contract_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- lower-kebab contract name (error-envelope, module-manifest, ...).
  contract_name text NOT NULL,
  semver text NOT NULL,
  status text NOT NULL DEFAULT 'draft',
  -- The contract as a JSON Schema (draft 2020-12).
  schema_json jsonb NOT NULL,
  published_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT sdk_contract_versions_contract_name_semver_key UNIQUE (contract_name, semver),
  CONSTRAINT sdk_contract_versions_contract_name_check
    CHECK (contract_name ~ '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' AND length(contract_name) <= 64),
  CONSTRAINT sdk_contract_versions_semver_check CHECK (
    length(semver) <= 256 AND
    semver ~ '^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-((0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)(\.(0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*))*))?(\+([0-9a-zA-Z-]+(\.[0-9a-zA-Z-]+)*))?$'),
  CONSTRAINT sdk_contract_versions_status_check CHECK (status IN ('draft', 'active', 'deprecated', 'retired')),
  CONSTRAINT sdk_contract_versions_schema_json_check CHECK (jsonb_typeof(schema_json) = 'object'),
  CONSTRAINT sdk_contract_versions_published_at_check CHECK (status = 'draft' OR published_at IS NOT NULL)
);
CREATE INDEX IF NOT EXISTS sdk_contract_versions_contract_name_status_idx
  ON public.sdk_contract_versions (contract_name, status);
COMMENT ON TABLE public.sdk_contract_versions IS 'Published SDK contract versions (PRD §41); global, super-only writes.';

ALTER TABLE public.sdk_contract_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.sdk_contract_versions FORCE ROW LEVEL SECURITY;

REVOKE ALL ON public.sdk_contract_versions FROM PUBLIC, anon, authenticated;
GRANT ALL ON public.sdk_contract_versions TO service_role;
GRANT SELECT, INSERT, UPDATE, DELETE ON public.sdk_contract_versions TO authenticated;

DROP POLICY IF EXISTS sdk_contract_versions_select_all ON public.sdk_contract_versions;
DROP POLICY IF EXISTS sdk_contract_versions_insert_with_platform_settings_manage ON public.sdk_contract_versions;
DROP POLICY IF EXISTS sdk_contract_versions_update_with_platform_settings_manage ON public.sdk_contract_versions;
DROP POLICY IF EXISTS sdk_contract_versions_delete_with_platform_settings_manage ON public.sdk_contract_versions;

CREATE POLICY sdk_contract_versions_select_all ON public.sdk_contract_versions
  FOR SELECT TO authenticated
  USING (true);
CREATE POLICY sdk_contract_versions_insert_with_platform_settings_manage ON public.sdk_contract_versions
  FOR INSERT TO authenticated
  WITH CHECK ((SELECT shell.has_platform_permission('settings.manage')));
CREATE POLICY sdk_contract_versions_update_with_platform_settings_manage ON public.sdk_contract_versions
  FOR UPDATE TO authenticated
  USING ((SELECT shell.has_platform_permission('settings.manage')))
  WITH CHECK ((SELECT shell.has_platform_permission('settings.manage')));
CREATE POLICY sdk_contract_versions_delete_with_platform_settings_manage ON public.sdk_contract_versions
  FOR DELETE TO authenticated
  USING ((SELECT shell.has_platform_permission('settings.manage')));

INSERT INTO public.sdk_contract_versions (contract_name, semver, status, schema_json, published_at) VALUES
('error-envelope', '1.0.0', 'active', $json$
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "urn:aiconnected:sdk-contract:error-envelope:1.0.0",
  "title": "ErrorEnvelope",
  "description": "The one error body of every shell endpoint, the gateway included (PRD §20.2).",
  "type": "object",
  "required": ["error"],
  "additionalProperties": false,
  "properties": {
    "error": {
      "type": "object",
      "required": ["code", "message", "correlation_id"],
      "additionalProperties": false,
      "properties": {
        "code": {
          "description": "Stable error code; never renamed or removed (PRD §20.2, plus ROUTE_PERMISSION_CONFIG_ERROR and NOT_FOUND).",
          "type": "string",
          "enum": [
            "AUTH_REQUIRED", "SESSION_INVALID", "WORKSPACE_REQUIRED", "WORKSPACE_FORBIDDEN", "PERMISSION_DENIED",
            "IMPERSONATION_FORBIDDEN", "MANIFEST_INVALID", "MANIFEST_INCOMPATIBLE", "MODULE_NOT_REGISTERED",
            "MODULE_NOT_ENABLED", "MODULE_TARGET_UNHEALTHY", "EVENT_SCHEMA_INVALID", "EVENT_DELIVERY_FAILED",
            "BILLING_REQUIRED", "BILLING_SUSPENDED", "VALIDATION_BLOCKING", "CONFLICT", "RATE_LIMITED",
            "INTERNAL_ERROR", "IMPERSONATION_SCOPE_FORBIDDEN", "INTEGRATION_PROVIDER_UNAVAILABLE",
            "INTEGRATION_SCOPE_FORBIDDEN", "AI_JOB_INVALID_STATE", "AI_JOB_FORBIDDEN", "DOMAIN_INVALID",
            "DOMAIN_ALREADY_CLAIMED", "DOMAIN_VERIFICATION_FAILED", "BRANDING_ASSET_INVALID", "NAVIGATION_INVALID",
            "FEATURE_FLAG_INVALID", "CREDENTIAL_RESOLUTION_FAILED", "SDK_CONTRACT_INCOMPATIBLE",
            "ROUTE_PERMISSION_CONFIG_ERROR", "NOT_FOUND"
          ]
        },
        "message": { "description": "Safe, user-facing message.", "type": "string", "minLength": 1 },
        "details": { "description": "Machine-readable specifics; present only when non-empty.", "type": "object" },
        "correlation_id": {
          "description": "Correlation id of the originating request.",
          "type": "string",
          "pattern": "^[A-Za-z0-9._:-]{1,128}$"
        }
      }
    }
  }
}
$json$::jsonb, now()),
('event-envelope', '1.0.0', 'active', $json$
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "urn:aiconnected:sdk-contract:event-envelope:1.0.0",
  "title": "EventEnvelope",
  "description": "CloudEvents 1.0 compatible envelope of the shell event bus (PRD §21): the core attributes plus the extensions workspaceid, partitionkey (the stream), sequence (order within workspace and stream) and correlationid.",
  "type": "object",
  "required": ["specversion", "id", "source", "type", "time", "data", "workspaceid", "partitionkey", "sequence", "correlationid"],
  "properties": {
    "specversion": { "const": "1.0" },
    "id": { "description": "Event id, unique per source.", "type": "string", "minLength": 1, "maxLength": 256 },
    "source": { "description": "The emitter (shell or a module).", "type": "string", "format": "uri-reference", "minLength": 1, "maxLength": 256 },
    "type": {
      "description": "Event name: dot-separated lower-case segments, e.g. crm-lite.contact.created.",
      "type": "string",
      "pattern": "^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9_-]*)+$",
      "maxLength": 128
    },
    "time": { "type": "string", "format": "date-time" },
    "subject": { "type": "string", "minLength": 1 },
    "datacontenttype": { "type": "string", "default": "application/json" },
    "dataschema": { "type": "string", "format": "uri" },
    "data": { "description": "The event payload; validated against the emitter's declared JSON Schema." },
    "workspaceid": { "description": "The workspace the event belongs to.", "type": "string", "format": "uuid" },
    "partitionkey": { "description": "The stream; ordering holds per (workspace, stream).", "type": "string", "minLength": 1, "maxLength": 200 },
    "sequence": {
      "description": "Position in the (workspace, stream) order, starting at 1; an integer, or its decimal string form as in the CloudEvents sequence extension.",
      "type": ["integer", "string"],
      "minimum": 1,
      "pattern": "^[1-9][0-9]*$"
    },
    "correlationid": { "description": "Correlation id of the request that caused the event.", "type": "string", "pattern": "^[A-Za-z0-9._:-]{1,128}$" }
  },
  "propertyNames": { "pattern": "^([a-z0-9]{1,20}|data_base64)$" },
  "not": { "required": ["data_base64"] }
}
$json$::jsonb, now()),
('gateway-forward-headers', '1.0.0', 'active', $json$
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "urn:aiconnected:sdk-contract:gateway-forward-headers:1.0.0",
  "title": "GatewayForwardHeaders",
  "description": "Trusted headers (lower-case names) the shell gateway adds, last, to every request it forwards to a module (PRD §22). Every x-shell-* header a client sent is stripped first; x-shell-claims-signature signs the other x-shell-* values so a module can reject forged claims.",
  "type": "object",
  "required": [
    "x-shell-user-id", "x-shell-workspace-id", "x-shell-module-key", "x-shell-correlation-id",
    "x-shell-impersonation", "x-shell-claims-signature"
  ],
  "properties": {
    "x-shell-user-id": { "description": "The acting user.", "type": "string", "format": "uuid" },
    "x-shell-workspace-id": { "description": "The active workspace.", "type": "string", "format": "uuid" },
    "x-shell-module-key": { "description": "The target module's key.", "type": "string", "pattern": "^[a-z][a-z0-9]*(-[a-z0-9]+)*$", "maxLength": 64 },
    "x-shell-correlation-id": { "type": "string", "pattern": "^[A-Za-z0-9._:-]{1,128}$" },
    "x-shell-impersonation": {
      "description": "The impersonation state, JSON-encoded.",
      "type": "string",
      "minLength": 1,
      "contentMediaType": "application/json",
      "contentSchema": {
        "type": "object",
        "required": ["active", "actor_user_id", "actor_workspace_id", "target_workspace_id"],
        "additionalProperties": false,
        "properties": {
          "active": { "type": "boolean" },
          "actor_user_id": { "type": ["string", "null"], "format": "uuid" },
          "actor_workspace_id": { "type": ["string", "null"], "format": "uuid" },
          "target_workspace_id": { "type": ["string", "null"], "format": "uuid" }
        }
      }
    },
    "x-shell-claims-signature": { "description": "Signature over the other x-shell-* headers.", "type": "string", "minLength": 1, "maxLength": 1024 }
  },
  "propertyNames": {
    "description": "No x-shell-* header other than the six above reaches a module.",
    "not": {
      "allOf": [
        { "pattern": "^x-shell-" },
        {
          "not": {
            "enum": [
              "x-shell-user-id", "x-shell-workspace-id", "x-shell-module-key", "x-shell-correlation-id",
              "x-shell-impersonation", "x-shell-claims-signature"
            ]
          }
        }
      ]
    }
  }
}
$json$::jsonb, now()),
('module-manifest', '1.0.0', 'active', $json$
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "urn:aiconnected:sdk-contract:module-manifest:1.0.0",
  "title": "ModuleManifest",
  "description": "Module manifest v1 (PRD §18). Missing required fields, an invalid semantic version, unknown permission keys and invalid event names reject import. Further fields (admin/site layers, metadata) are allowed.",
  "type": "object",
  "required": [
    "id", "name", "version", "description", "routes", "sidebar", "permissions", "capabilities",
    "sharedEntities", "events", "configSchema", "runtime", "engines"
  ],
  "properties": {
    "id": { "description": "Module key: lower-kebab, unique in the registry.", "type": "string", "pattern": "^[a-z][a-z0-9]*(-[a-z0-9]+)*$", "maxLength": 64 },
    "name": { "type": "string", "minLength": 1, "maxLength": 100 },
    "version": {
      "description": "Semantic version (semver.org 2.0.0).",
      "type": "string",
      "maxLength": 256,
      "pattern": "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$"
    },
    "description": { "type": "string", "maxLength": 2000 },
    "routes": {
      "description": "Module routes, mounted under the module's namespace.",
      "type": "array",
      "items": {
        "type": "object",
        "required": ["path"],
        "properties": {
          "path": { "type": "string", "pattern": "^/" },
          "permission": { "$ref": "#/$defs/permissionKey" }
        }
      }
    },
    "sidebar": {
      "description": "Sidebar configuration: the navigation items the shell renders for the module.",
      "type": "object",
      "properties": {
        "items": {
          "type": "array",
          "items": {
            "type": "object",
            "required": ["label", "path"],
            "properties": {
              "label": { "type": "string", "minLength": 1 },
              "path": { "type": "string", "pattern": "^/" },
              "icon": { "type": "string" },
              "permission": { "$ref": "#/$defs/permissionKey" }
            }
          }
        }
      }
    },
    "permissions": {
      "description": "Permission keys the module requires.",
      "type": "array",
      "uniqueItems": true,
      "items": { "$ref": "#/$defs/permissionKey" }
    },
    "capabilities": {
      "description": "Capabilities the module declares.",
      "type": "array",
      "uniqueItems": true,
      "items": { "type": "string", "minLength": 1, "maxLength": 128 }
    },
    "sharedEntities": {
      "description": "Shell-owned entities (PRD §11) the module reads through authorized contracts.",
      "type": "array",
      "uniqueItems": true,
      "items": {
        "enum": [
          "users", "workspaces", "workspace_memberships", "roles", "permissions", "role_permissions",
          "membership_permissions", "themes", "layout_definitions", "layout_versions", "module_registry",
          "module_installations", "billing_accounts", "subscriptions", "events", "audit_logs", "contacts",
          "integration_connections", "ai_jobs", "workspace_domains", "branding_assets", "workspace_feature_flags",
          "navigation_profiles", "credential_policies", "sdk_contract_versions"
        ]
      }
    },
    "events": {
      "type": "object",
      "required": ["emits", "consumes"],
      "properties": {
        "emits": {
          "description": "Events the module emits, each with the JSON Schema of its data.",
          "type": "array",
          "items": {
            "type": "object",
            "required": ["name", "schema"],
            "properties": { "name": { "$ref": "#/$defs/eventName" }, "schema": { "type": "object" } }
          }
        },
        "consumes": {
          "description": "Events the module consumes.",
          "type": "array",
          "items": {
            "type": "object",
            "required": ["name"],
            "properties": { "name": { "$ref": "#/$defs/eventName" } }
          }
        }
      }
    },
    "configSchema": {
      "description": "JSON Schema of the module's per-workspace configuration.",
      "type": "object"
    },
    "runtime": {
      "description": "Runtime target definition: an out-of-process HTTP service, optionally with an iframe UI entry.",
      "type": "object",
      "required": ["apiVersion", "target"],
      "properties": {
        "apiVersion": { "const": "v1" },
        "target": {
          "type": "object",
          "required": ["type", "baseUrl"],
          "properties": {
            "type": { "const": "http" },
            "baseUrl": { "type": "string", "format": "uri", "pattern": "^https?://" },
            "healthPath": { "type": "string", "pattern": "^/" }
          }
        },
        "entryUrl": { "description": "Sandboxed iframe entry URL of the module UI.", "type": "string", "format": "uri", "pattern": "^https?://" }
      }
    },
    "engines": {
      "description": "Compatibility with the shell: a semver range against the shell's SDK contract version.",
      "type": "object",
      "required": ["shell"],
      "properties": { "shell": { "type": "string", "minLength": 1, "maxLength": 256, "examples": ["^1.0.0"] } }
    }
  },
  "$defs": {
    "permissionKey": {
      "type": "string",
      "maxLength": 128,
      "pattern": "^[a-z][a-z0-9_-]*(?:[.:][a-z][a-z0-9_-]*)+$"
    },
    "eventName": {
      "type": "string",
      "maxLength": 128,
      "pattern": "^[a-z][a-z0-9-]*(?:\\.[a-z][a-z0-9_-]*)+$"
    }
  }
}
$json$::jsonb, now())
ON CONFLICT (contract_name, semver) DO NOTHING;

DO $$
DECLARE
  problems text;
BEGIN
  IF to_regclass('public.sdk_contract_versions') IS NULL THEN
    RAISE EXCEPTION '016 post-check failed: public.sdk_contract_versions missing';
  END IF;
  SELECT string_agg(c, ', ') INTO problems
    FROM unnest(ARRAY['id', 'contract_name', 'semver', 'status', 'schema_json', 'published_at', 'created_at']) AS c
   WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
                      WHERE attrelid = 'public.sdk_contract_versions'::regclass AND attname = c AND NOT attisdropped);
  IF problems IS NOT NULL THEN
    RAISE EXCEPTION '016 post-check failed: public.sdk_contract_versions lacks columns %', problems;
  END IF;
  IF to_regclass('public.sdk_contract_versions_contract_name_semver_key') IS NULL
     OR to_regclass('public.sdk_contract_versions_contract_name_status_idx') IS NULL THEN
    RAISE EXCEPTION '016 post-check failed: unique constraint or (contract_name, status) index missing';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_class
                  WHERE oid = 'public.sdk_contract_versions'::regclass AND relrowsecurity AND relforcerowsecurity) THEN
    RAISE EXCEPTION '016 post-check failed: RLS not enabled and forced on sdk_contract_versions';
  END IF;
  SELECT string_agg(p, ', ') INTO problems
    FROM unnest(ARRAY['sdk_contract_versions_select_all', 'sdk_contract_versions_insert_with_platform_settings_manage',
                      'sdk_contract_versions_update_with_platform_settings_manage',
                      'sdk_contract_versions_delete_with_platform_settings_manage']) AS p
   WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policies pp
                      WHERE pp.schemaname = 'public' AND pp.tablename = 'sdk_contract_versions'
                        AND pp.policyname = p AND pp.roles = ARRAY['authenticated']::name[]);
  IF problems IS NOT NULL THEN
    RAISE EXCEPTION '016 post-check failed: missing policies %', problems;
  END IF;
  IF has_table_privilege('anon', 'public.sdk_contract_versions', 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
     OR EXISTS (SELECT 1
                  FROM unnest(ARRAY['authenticated', 'service_role']) AS r,
                       unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']) AS priv
                 WHERE NOT has_table_privilege(r, 'public.sdk_contract_versions', priv)) THEN
    RAISE EXCEPTION '016 post-check failed: wrong privileges on sdk_contract_versions';
  END IF;
  SELECT string_agg(n, ', ') INTO problems
    FROM unnest(ARRAY['error-envelope', 'event-envelope', 'gateway-forward-headers', 'module-manifest']) AS n
   WHERE NOT EXISTS (SELECT 1 FROM public.sdk_contract_versions v
                      WHERE v.contract_name = n AND v.semver = '1.0.0' AND v.status = 'active'
                        AND v.schema_json ->> '$schema' = 'https://json-schema.org/draft/2020-12/schema'
                        AND v.schema_json ->> 'type' = 'object'
                        AND jsonb_typeof(v.schema_json -> 'required') = 'array');
  IF problems IS NOT NULL THEN
    RAISE EXCEPTION '016 post-check failed: initial contract versions missing or malformed: %', problems;
  END IF;
  IF NOT ((SELECT schema_json -> 'required' FROM public.sdk_contract_versions
            WHERE contract_name = 'module-manifest' AND semver = '1.0.0')
          @> '["id", "name", "version", "description", "routes", "sidebar", "permissions", "capabilities",
               "sharedEntities", "events", "configSchema", "runtime", "engines"]'::jsonb) THEN
    RAISE EXCEPTION '016 post-check failed: module-manifest 1.0.0 lacks a PRD §18 required field';
  END IF;
END $$;

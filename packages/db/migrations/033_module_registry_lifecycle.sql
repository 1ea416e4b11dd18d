-- 033_module_registry_lifecycle.sql
-- Purpose: the registry lifecycle of issue 10 (PRD §17-19, §41; docs/modules.md "Registry"):
--   * `module_catalog`: one row per module key with its current version (`current_version`,
--     a registered row of `module_registry`); an import of a registered version moves it, a
--     registry rollback moves it back to the next lower registered version. Global: every
--     authenticated request reads it; writes need `modules.install` granted by a super
--     membership (as `module_registry`, 012).
--   * `module_registry` gains the review of a draft: `reviewed_at`, `reviewed_by_user_id`,
--     `review_note` (the reason of a rejection); a rejected row always has `reviewed_at`.
--   * `module_target_health`: the last health check of each module version's runtime target
--     (healthy | unhealthy, HTTP status, latency, what was seen). Global read; written by the
--     service only (the enable path and the health-check endpoint, as the service role).
--   * RLS enabled and forced on both new tables; policies for authenticated only.
--   * The module-manifest 1.1.0 SDK contract (active): the JSON Schema module-sdk's
--     `manifestJsonSchema()` answers (manifest v1 with `manifestVersion` and
--     `site.requiredSiteCapabilities`); packages/modules/test/manifest-contract-row.test.ts
--     compares the row and the function. 1.0.0 stays as it is (016).
-- Pre-check: 016 is applied (sdk_contract_versions, shell.has_platform_permission); 033 is not.
-- Post-check: the tables with their columns, keys and indexes, RLS forced, the policies,
--   privileges (anon none, authenticated SELECT only on module_target_health), the registry's
--   review columns and the active module-manifest 1.1.0 row.
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.
--   033_module_registry_lifecycle.down.sql undoes it (staging only: the catalog pointers,
--   health checks and reviews are lost; the 1.1.0 contract row is deleted).

DO $$
BEGIN
  IF to_regclass('public.sdk_contract_versions') IS NULL
     OR to_regprocedure('shell.has_platform_permission(text)') IS NULL THEN
    RAISE EXCEPTION '033 pre-check failed: 016_sdk_contract_versions is not applied';
  END IF;
  IF to_regclass('public.module_catalog') IS NOT NULL OR to_regclass('public.module_target_health') IS NOT NULL THEN
    RAISE EXCEPTION '033 pre-check failed: a table of 033 already exists';
  END IF;
  IF EXISTS (SELECT 1 FROM public.sdk_contract_versions WHERE contract_name = 'module-manifest' AND semver = '1.1.0') THEN
    RAISE EXCEPTION '033 pre-check failed: module-manifest 1.1.0 is already published';
  END IF;
END $$;

-- The review of a draft (promote or reject) and the reason of a rejection.
ALTER TABLE public.module_registry
  ADD COLUMN reviewed_at timestamptz,
  ADD COLUMN reviewed_by_user_id uuid REFERENCES public.users (id) ON DELETE RESTRICT,
  ADD COLUMN review_note text;
UPDATE public.module_registry SET reviewed_at = updated_at WHERE status = 'rejected';
ALTER TABLE public.module_registry
  ADD CONSTRAINT module_registry_review_note_check
    CHECK (review_note IS NULL OR length(review_note) BETWEEN 1 AND 1000),
  ADD CONSTRAINT module_registry_rejected_reviewed_check
    CHECK (status <> 'rejected' OR reviewed_at IS NOT NULL);

CREATE TABLE public.module_catalog (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  module_key text NOT NULL,
  -- The module's current version: a registered row of module_registry.
  current_version text NOT NULL,
  updated_by_user_id uuid REFERENCES public.users (id) ON DELETE RESTRICT,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT module_catalog_module_key_key UNIQUE (module_key),
  CONSTRAINT module_catalog_current_version_fkey FOREIGN KEY (module_key, current_version)
    REFERENCES public.module_registry (module_key, version) ON DELETE RESTRICT
);
CREATE INDEX module_catalog_module_key_current_version_idx ON public.module_catalog (module_key, current_version);
COMMENT ON TABLE public.module_catalog IS
  'One row per module key: its current registered version (PRD §19 versions; registry rollback moves it back).';

CREATE TRIGGER module_catalog_set_updated_at
  BEFORE UPDATE ON public.module_catalog
  FOR EACH ROW EXECUTE FUNCTION shell.set_updated_at();

-- The current version is a registered one, whoever writes it (the service included).
CREATE FUNCTION shell.check_module_catalog_current_registered()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM public.module_registry r
                  WHERE r.module_key = NEW.module_key AND r.version = NEW.current_version
                    AND r.status = 'registered') THEN
    RAISE EXCEPTION 'module % version % is not registered', NEW.module_key, NEW.current_version
      USING ERRCODE = 'check_violation', CONSTRAINT = 'module_catalog_current_registered_check';
  END IF;
  RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION shell.check_module_catalog_current_registered() FROM PUBLIC;
CREATE TRIGGER module_catalog_check_current_registered
  BEFORE INSERT OR UPDATE ON public.module_catalog
  FOR EACH ROW EXECUTE FUNCTION shell.check_module_catalog_current_registered();

CREATE TABLE public.module_target_health (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  module_key text NOT NULL,
  version text NOT NULL,
  status text NOT NULL,
  -- Null when no HTTP answer came (refused, timeout, DNS).
  http_status integer,
  latency_ms integer,
  -- What was seen, in words (e.g. "timed out after 3000 ms", "answered 503").
  detail text,
  checked_at timestamptz NOT NULL DEFAULT now(),
  -- One row per version: the last check (the service upserts it).
  CONSTRAINT module_target_health_module_key_version_key UNIQUE (module_key, version),
  CONSTRAINT module_target_health_registry_fkey FOREIGN KEY (module_key, version)
    REFERENCES public.module_registry (module_key, version) ON DELETE CASCADE,
  CONSTRAINT module_target_health_status_check CHECK (status IN ('healthy', 'unhealthy')),
  CONSTRAINT module_target_health_http_status_check CHECK (http_status IS NULL OR http_status BETWEEN 100 AND 599),
  CONSTRAINT module_target_health_latency_ms_check CHECK (latency_ms IS NULL OR latency_ms >= 0),
  CONSTRAINT module_target_health_detail_check CHECK (detail IS NULL OR length(detail) <= 1000)
);
COMMENT ON TABLE public.module_target_health IS
  'Last health check of each module version''s runtime target (PRD §19 enable); service-written.';

ALTER TABLE public.module_catalog ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.module_catalog FORCE ROW LEVEL SECURITY;
ALTER TABLE public.module_target_health ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.module_target_health FORCE ROW LEVEL SECURITY;

REVOKE ALL ON public.module_catalog, public.module_target_health FROM PUBLIC, anon, authenticated;
GRANT ALL ON public.module_catalog, public.module_target_health TO service_role;
GRANT SELECT, INSERT, UPDATE, DELETE ON public.module_catalog TO authenticated;
GRANT SELECT ON public.module_target_health TO authenticated;

CREATE POLICY module_catalog_select_all ON public.module_catalog
  FOR SELECT TO authenticated
  USING (true);
CREATE POLICY module_catalog_insert_with_platform_modules_install ON public.module_catalog
  FOR INSERT TO authenticated
  WITH CHECK ((SELECT shell.has_platform_permission('modules.install')));
CREATE POLICY module_catalog_update_with_platform_modules_install ON public.module_catalog
  FOR UPDATE TO authenticated
  USING ((SELECT shell.has_platform_permission('modules.install')))
  WITH CHECK ((SELECT shell.has_platform_permission('modules.install')));
CREATE POLICY module_catalog_delete_with_platform_modules_install ON public.module_catalog
  FOR DELETE TO authenticated
  USING ((SELECT shell.has_platform_permission('modules.install')));

CREATE POLICY module_target_health_select_all ON public.module_target_health
  FOR SELECT TO authenticated
  USING (true);

-- The module-manifest 1.1.0 contract: module-sdk's manifestJsonSchema(), verbatim
-- (packages/modules/test/manifest-contract-row.test.ts keeps the two equal).
INSERT INTO public.sdk_contract_versions (contract_name, semver, status, schema_json, published_at) VALUES
('module-manifest', '1.1.0', 'active', $json$
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://aiconnected.dev/schemas/module-manifest/1.1.0.json",
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
          "type": "object",
          "propertyNames": {
            "type": "string"
          },
          "additionalProperties": {
            "$ref": "#/$defs/JsonValue"
          },
          "description": "JSON Schema of the per-workspace installation config"
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
          "type": "object",
          "propertyNames": {
            "type": "string"
          },
          "additionalProperties": {
            "$ref": "#/$defs/JsonValue"
          },
          "description": "JSON Schema (draft 2020-12) document"
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
        }
      },
      "required": [
        "apiVersion",
        "target"
      ],
      "additionalProperties": false,
      "description": "Runtime API version and target of a module"
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
    "ModuleFrontend": {
      "type": "object",
      "properties": {
        "entryUrl": {
          "type": "string",
          "format": "uri",
          "description": "HTTPS URL of the module UI entry page"
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
$json$::jsonb, now());

DO $$
DECLARE
  missing text;
BEGIN
  SELECT string_agg(t.key || '.' || c.value, ', ') INTO missing
    FROM jsonb_each('{
      "module_catalog": ["id", "module_key", "current_version", "updated_by_user_id", "created_at", "updated_at"],
      "module_target_health": ["id", "module_key", "version", "status", "http_status", "latency_ms", "detail", "checked_at"],
      "module_registry": ["reviewed_at", "reviewed_by_user_id", "review_note"]
    }'::jsonb) AS t
    CROSS JOIN LATERAL jsonb_array_elements_text(t.value) AS c
   WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
                      WHERE attrelid = to_regclass('public.' || t.key) AND attname = c.value AND NOT attisdropped);
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION '033 post-check failed: missing columns %', missing;
  END IF;
  SELECT string_agg(i, ', ') INTO missing
    FROM unnest(ARRAY['module_catalog_module_key_key', 'module_catalog_module_key_current_version_idx',
                      'module_target_health_module_key_version_key']) AS i
   WHERE to_regclass('public.' || i) IS NULL;
  IF missing IS NOT NULL THEN
    RAISE EXCEPTION '033 post-check failed: missing indexes %', missing;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_class
              WHERE oid IN ('public.module_catalog'::regclass, 'public.module_target_health'::regclass)
                AND NOT (relrowsecurity AND relforcerowsecurity)) THEN
    RAISE EXCEPTION '033 post-check failed: RLS is not enabled and forced on a table of 033';
  END IF;
  IF (SELECT count(*) FROM pg_catalog.pg_policies
       WHERE schemaname = 'public' AND tablename = 'module_catalog' AND roles = ARRAY['authenticated']::name[]) <> 4
     OR (SELECT count(*) FROM pg_catalog.pg_policies
          WHERE schemaname = 'public' AND tablename = 'module_target_health' AND roles = ARRAY['authenticated']::name[]) <> 1 THEN
    RAISE EXCEPTION '033 post-check failed: module_catalog needs its four policies, module_target_health its one';
  END IF;
  IF has_table_privilege('anon', 'public.module_catalog', 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
     OR has_table_privilege('anon', 'public.module_target_health', 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
     OR has_table_privilege('authenticated', 'public.module_target_health', 'INSERT, UPDATE, DELETE, TRUNCATE') THEN
    RAISE EXCEPTION '033 post-check failed: wrong privileges on a table of 033';
  END IF;
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_proc
              WHERE oid = 'shell.check_module_catalog_current_registered()'::regprocedure
                AND proconfig IS DISTINCT FROM ARRAY['search_path=""']) THEN
    RAISE EXCEPTION '033 post-check failed: shell.check_module_catalog_current_registered lacks an empty search_path';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM public.sdk_contract_versions
                  WHERE contract_name = 'module-manifest' AND semver = '1.1.0' AND status = 'active'
                    AND schema_json ->> '$schema' = 'https://json-schema.org/draft/2020-12/schema'
                    AND schema_json ->> '$id' LIKE '%/module-manifest/1.1.0.json') THEN
    RAISE EXCEPTION '033 post-check failed: module-manifest 1.1.0 is missing or malformed';
  END IF;
END $$;

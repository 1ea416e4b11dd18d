-- 039_gateway_runtime.sql
-- Purpose: the gateway and module UI runtime of issue 11 (docs/modules.md "Gateway", "Module
--   UI runtime"):
--   * `module_installations.token_permissions`: the permissions an admin granted to the
--     module's UI tokens in that workspace (each one of the installed manifest's
--     `permissions`, checked by the code; upgrade and rollback keep those the new manifest
--     still declares). Writing it needs modules.install: 035's column trigger now lists it, so
--     an enable/disable-only holder cannot change it.
--   * `module_target_health` gains the gateway's circuit breaker state of each module
--     version's target (`breaker_state` closed | open | half_open, `breaker_ejections`,
--     `breaker_open_until`, `breaker_changed_at`), written by the service on breaker
--     transitions only (rare); read with the health by `GET /modules/available`.
--   * SDK contracts (SHELL_SDK_CONTRACT_VERSION 1.2.0), all active: `module-manifest` 1.2.0
--     (module-sdk's `manifestJsonSchema()`: `frontend.entryUrl` may be http on a loopback
--     host), `gateway-forward-headers` 2.0.0 (`gatewayForwardHeadersJsonSchema()`: the signed
--     `x-shell-claims` JWT, `$defs.ShellClaims`, and the x-forwarded-* headers; breaking, so a
--     major) and `module-bridge` 1.0.0 (`moduleBridgeJsonSchema()`: the module UI bridge
--     messages). Earlier rows stay as they are (1.0.0 and 1.1.0). The rows are those functions'
--     output verbatim: packages/modules/test/sdk-contracts/manifest-contract-row.test.ts and
--     gateway-runtime-contract-rows.test.ts compare them.
-- Pre-check: 038 is applied; 039 is not (the column is absent, no row of its contracts).
-- Post-check: the columns with their defaults and checks, the column trigger listing
--   token_permissions, the three active contract rows.
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.
--   039_gateway_runtime.down.sql undoes it (staging only: token grants and breaker states
--   are lost).

DO $$
BEGIN
  IF to_regprocedure('shell.notify_modules_changed()') IS NULL
     OR NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc
                     WHERE oid = 'shell.module_management_allowed(uuid, text)'::regprocedure
                       AND prolang = (SELECT oid FROM pg_catalog.pg_language WHERE lanname = 'plpgsql')) THEN
    RAISE EXCEPTION '039 pre-check failed: 038_rls_helpers_plpgsql is not applied';
  END IF;
  IF EXISTS (SELECT 1 FROM pg_catalog.pg_attribute
              WHERE attrelid = 'public.module_installations'::regclass
                AND attname = 'token_permissions' AND NOT attisdropped) THEN
    RAISE EXCEPTION '039 pre-check failed: module_installations.token_permissions exists (039 already applied?)';
  END IF;
  IF EXISTS (SELECT 1 FROM public.sdk_contract_versions
              WHERE (contract_name, semver) IN (('module-manifest', '1.2.0'),
                                                ('gateway-forward-headers', '2.0.0'),
                                                ('module-bridge', '1.0.0'))) THEN
    RAISE EXCEPTION '039 pre-check failed: a contract version of 039 is already published';
  END IF;
END $$;

-- The permissions granted to the module's UI tokens in this workspace (set by an admin with
-- modules.install; each in the installed manifest's permissions: the code checks it).
ALTER TABLE public.module_installations
  ADD COLUMN token_permissions text[] NOT NULL DEFAULT '{}',
  ADD CONSTRAINT module_installations_token_permissions_check
    CHECK (cardinality(token_permissions) <= 200 AND array_position(token_permissions, NULL) IS NULL);
COMMENT ON COLUMN public.module_installations.token_permissions IS
  'Permissions granted to the module''s UI tokens here (each in the installed manifest''s permissions); modules.install writes it.';

-- 035's rule with the new column: what is installed and what its UI tokens may be granted
-- change only with modules.install.
CREATE OR REPLACE FUNCTION shell.check_module_installation_change()
RETURNS trigger
LANGUAGE plpgsql
SET search_path = ''
AS $$
BEGIN
  IF current_user = 'authenticated'
     AND NOT coalesce(OLD.workspace_id = ANY (shell.workspaces_with_permission('modules.install'))
                      AND NEW.workspace_id = ANY (shell.workspaces_with_permission('modules.install'))
                      AND shell.module_management_allowed(OLD.workspace_id, 'modules.install')
                      AND shell.module_management_allowed(NEW.workspace_id, 'modules.install'),
                      false) THEN
    RAISE EXCEPTION 'module installation %: only state changes without modules.install (module %)',
      OLD.id, OLD.module_key
      USING ERRCODE = '42501',
            HINT = 'module_version, previous_version, config_json and token_permissions need modules.install in the workspace';
  END IF;
  RETURN NEW;
END;
$$;
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

-- The gateway's circuit breaker of each module version's target (service-written on its
-- transitions: closed -> open -> half_open -> closed or open again, longer).
ALTER TABLE public.module_target_health
  ADD COLUMN breaker_state text NOT NULL DEFAULT 'closed',
  ADD COLUMN breaker_ejections integer NOT NULL DEFAULT 0,
  ADD COLUMN breaker_open_until timestamptz,
  ADD COLUMN breaker_changed_at timestamptz,
  ADD CONSTRAINT module_target_health_breaker_state_check
    CHECK (breaker_state IN ('closed', 'open', 'half_open')),
  ADD CONSTRAINT module_target_health_breaker_ejections_check CHECK (breaker_ejections >= 0);
COMMENT ON COLUMN public.module_target_health.breaker_state IS
  'The gateway''s circuit breaker of this target: closed | open | half_open (service-written on transitions).';

-- The contracts of SDK contract version 1.2.0, verbatim from the functions named above.
INSERT INTO public.sdk_contract_versions (contract_name, semver, status, schema_json, published_at) VALUES
('module-manifest', '1.2.0', 'active', $json$
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://aiconnected.dev/schemas/module-manifest/1.2.0.json",
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
('gateway-forward-headers', '2.0.0', 'active', $json$
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://aiconnected.dev/schemas/gateway-forward-headers/2.0.0.json",
  "$ref": "#/$defs/GatewayForwardHeaders",
  "$defs": {
    "GatewayForwardHeaders": {
      "type": "object",
      "properties": {
        "x-shell-claims": {
          "type": "string",
          "maxLength": 8192,
          "pattern": "^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$",
          "description": "ES256 JWT (ShellClaims, use gateway) signed by the shell"
        },
        "x-shell-correlation-id": {
          "type": "string",
          "pattern": "^[A-Za-z0-9._:-]{1,128}$",
          "description": "Correlation id of the originating request (1-128 header-safe characters)"
        },
        "x-forwarded-for": {
          "type": "string",
          "maxLength": 1024,
          "pattern": "^[\\x20-\\x7e]+$",
          "description": "The client's address as the shell resolved it"
        },
        "x-forwarded-host": {
          "type": "string",
          "maxLength": 255,
          "pattern": "^[A-Za-z0-9.:[\\]-]+$",
          "description": "The public host the client called"
        },
        "x-forwarded-proto": {
          "type": "string",
          "enum": [
            "http",
            "https"
          ]
        },
        "x-forwarded-prefix": {
          "type": "string",
          "pattern": "^\\/api\\/gateway\\/[a-z][a-z0-9]*(?:-[a-z0-9]+)*$",
          "description": "Where the shell mounts the module: /api/gateway/<module key>"
        }
      },
      "required": [
        "x-shell-claims",
        "x-shell-correlation-id",
        "x-forwarded-for",
        "x-forwarded-host",
        "x-forwarded-proto",
        "x-forwarded-prefix"
      ],
      "description": "Trusted headers the gateway adds to every forwarded module request"
    },
    "ShellClaims": {
      "oneOf": [
        {
          "type": "object",
          "properties": {
            "iss": {
              "type": "string",
              "format": "uri",
              "description": "The shell's public origin (PLATFORM_PUBLIC_BASE_URL)"
            },
            "aud": {
              "type": "string",
              "maxLength": 64,
              "pattern": "^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$",
              "description": "The module key the token is for"
            },
            "sub": {
              "type": "string",
              "format": "uuid",
              "pattern": "^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$",
              "description": "The user id"
            },
            "iat": {
              "type": "integer",
              "minimum": 0,
              "maximum": 9007199254740991,
              "description": "Seconds since the epoch (JWT NumericDate)"
            },
            "nbf": {
              "type": "integer",
              "minimum": 0,
              "maximum": 9007199254740991,
              "description": "Equal to iat"
            },
            "exp": {
              "type": "integer",
              "minimum": 0,
              "maximum": 9007199254740991,
              "description": "Seconds since the epoch (JWT NumericDate)"
            },
            "jti": {
              "type": "string",
              "format": "uuid",
              "pattern": "^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$"
            },
            "wid": {
              "type": "string",
              "format": "uuid",
              "pattern": "^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$",
              "description": "The active workspace id"
            },
            "mod": {
              "type": "string",
              "maxLength": 64,
              "pattern": "^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$",
              "description": "The module key (as aud)"
            },
            "ver": {
              "type": "string",
              "description": "The module version installed in the workspace"
            },
            "role": {
              "type": "string",
              "minLength": 1,
              "description": "The caller's role template in the workspace"
            },
            "perms": {
              "maxItems": 200,
              "type": "array",
              "items": {
                "type": "string",
                "maxLength": 128,
                "pattern": "^[a-z][a-z0-9_-]*(?:[.:][a-z][a-z0-9_-]*)+$",
                "description": "Permission key, e.g. crm-lite.contacts.read"
              },
              "description": "Gateway: the installed manifest's permissions the caller holds; module-ui: the token's granted permissions"
            },
            "cid": {
              "type": "string",
              "pattern": "^[A-Za-z0-9._:-]{1,128}$",
              "description": "Correlation id of the originating request (1-128 header-safe characters)"
            },
            "imp": {
              "$ref": "#/$defs/ImpersonationState"
            },
            "use": {
              "type": "string",
              "const": "gateway"
            },
            "htm": {
              "type": "string",
              "enum": [
                "GET",
                "POST",
                "PUT",
                "PATCH",
                "DELETE"
              ],
              "description": "The forwarded HTTP method (upper case)"
            },
            "htu": {
              "type": "string",
              "maxLength": 2048,
              "pattern": "^\\/[^?#]*$",
              "description": "The forwarded module path, without the query"
            }
          },
          "required": [
            "iss",
            "aud",
            "sub",
            "iat",
            "nbf",
            "exp",
            "jti",
            "wid",
            "mod",
            "ver",
            "role",
            "perms",
            "cid",
            "imp",
            "use",
            "htm",
            "htu"
          ]
        },
        {
          "type": "object",
          "properties": {
            "iss": {
              "type": "string",
              "format": "uri",
              "description": "The shell's public origin (PLATFORM_PUBLIC_BASE_URL)"
            },
            "aud": {
              "type": "string",
              "maxLength": 64,
              "pattern": "^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$",
              "description": "The module key the token is for"
            },
            "sub": {
              "type": "string",
              "format": "uuid",
              "pattern": "^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$",
              "description": "The user id"
            },
            "iat": {
              "type": "integer",
              "minimum": 0,
              "maximum": 9007199254740991,
              "description": "Seconds since the epoch (JWT NumericDate)"
            },
            "nbf": {
              "type": "integer",
              "minimum": 0,
              "maximum": 9007199254740991,
              "description": "Equal to iat"
            },
            "exp": {
              "type": "integer",
              "minimum": 0,
              "maximum": 9007199254740991,
              "description": "Seconds since the epoch (JWT NumericDate)"
            },
            "jti": {
              "type": "string",
              "format": "uuid",
              "pattern": "^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$"
            },
            "wid": {
              "type": "string",
              "format": "uuid",
              "pattern": "^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$",
              "description": "The active workspace id"
            },
            "mod": {
              "type": "string",
              "maxLength": 64,
              "pattern": "^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$",
              "description": "The module key (as aud)"
            },
            "ver": {
              "type": "string",
              "description": "The module version installed in the workspace"
            },
            "role": {
              "type": "string",
              "minLength": 1,
              "description": "The caller's role template in the workspace"
            },
            "perms": {
              "maxItems": 200,
              "type": "array",
              "items": {
                "type": "string",
                "maxLength": 128,
                "pattern": "^[a-z][a-z0-9_-]*(?:[.:][a-z][a-z0-9_-]*)+$",
                "description": "Permission key, e.g. crm-lite.contacts.read"
              },
              "description": "Gateway: the installed manifest's permissions the caller holds; module-ui: the token's granted permissions"
            },
            "cid": {
              "type": "string",
              "pattern": "^[A-Za-z0-9._:-]{1,128}$",
              "description": "Correlation id of the originating request (1-128 header-safe characters)"
            },
            "imp": {
              "$ref": "#/$defs/ImpersonationState"
            },
            "use": {
              "type": "string",
              "const": "module-ui"
            },
            "sid": {
              "type": "string",
              "format": "uuid",
              "pattern": "^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$",
              "description": "The session the token was issued to"
            }
          },
          "required": [
            "iss",
            "aud",
            "sub",
            "iat",
            "nbf",
            "exp",
            "jti",
            "wid",
            "mod",
            "ver",
            "role",
            "perms",
            "cid",
            "imp",
            "use",
            "sid"
          ]
        }
      ],
      "description": "Claims of a shell-signed token for a module"
    },
    "ImpersonationState": {
      "type": "object",
      "properties": {
        "active": {
          "type": "boolean"
        },
        "actor_user_id": {
          "anyOf": [
            {
              "type": "string",
              "format": "uuid",
              "pattern": "^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$"
            },
            {
              "type": "null"
            }
          ]
        },
        "actor_workspace_id": {
          "anyOf": [
            {
              "type": "string",
              "format": "uuid",
              "pattern": "^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$"
            },
            {
              "type": "null"
            }
          ]
        },
        "target_workspace_id": {
          "anyOf": [
            {
              "type": "string",
              "format": "uuid",
              "pattern": "^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$"
            },
            {
              "type": "null"
            }
          ]
        }
      },
      "required": [
        "active",
        "actor_user_id",
        "actor_workspace_id",
        "target_workspace_id"
      ],
      "description": "Who is acting when a session impersonates another workspace"
    }
  }
}
$json$::jsonb, now()),
('module-bridge', '1.0.0', 'active', $json$
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://aiconnected.dev/schemas/module-bridge/1.0.0.json",
  "$ref": "#/$defs/ModuleBridgeMessage",
  "$defs": {
    "ModuleBridgeMessage": {
      "oneOf": [
        {
          "type": "object",
          "properties": {
            "type": {
              "type": "string",
              "const": "host:init"
            },
            "protocol_version": {
              "type": "string",
              "description": "Bridge protocol version the sender speaks (1.0.0)"
            },
            "module_key": {
              "type": "string",
              "maxLength": 64,
              "pattern": "^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$",
              "description": "Module key: lower-kebab, 1-64 characters (e.g. crm-lite)"
            },
            "workspace_id": {
              "type": "string",
              "format": "uuid",
              "pattern": "^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$"
            },
            "path": {
              "type": "string",
              "maxLength": 2048,
              "pattern": "^\\/[^?#\\s]*$",
              "description": "The module page path the shell opened, below the module mount point (/w/{workspace}/m/{module}), e.g. /notes/42"
            }
          },
          "required": [
            "type",
            "protocol_version",
            "module_key",
            "workspace_id",
            "path"
          ],
          "description": "Handshake: the host greets the module; the module answers module:ready"
        },
        {
          "type": "object",
          "properties": {
            "type": {
              "type": "string",
              "const": "host:settings"
            },
            "settings": {
              "description": "The installation's settings, without write-only fields",
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
            "type",
            "settings"
          ],
          "description": "Answer to module:request:settings"
        },
        {
          "type": "object",
          "properties": {
            "type": {
              "type": "string",
              "const": "host:context"
            },
            "user": {
              "type": "object",
              "properties": {
                "id": {
                  "type": "string",
                  "format": "uuid",
                  "pattern": "^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$"
                },
                "display_name": {
                  "anyOf": [
                    {
                      "type": "string",
                      "maxLength": 200
                    },
                    {
                      "type": "null"
                    }
                  ],
                  "description": "null when never set"
                }
              },
              "required": [
                "id",
                "display_name"
              ]
            },
            "workspace": {
              "type": "object",
              "properties": {
                "id": {
                  "type": "string",
                  "format": "uuid",
                  "pattern": "^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$"
                },
                "name": {
                  "type": "string",
                  "maxLength": 200
                },
                "type": {
                  "type": "string",
                  "enum": [
                    "super",
                    "agency",
                    "business"
                  ]
                }
              },
              "required": [
                "id",
                "name",
                "type"
              ]
            },
            "theme": {
              "type": "object",
              "properties": {
                "mode": {
                  "type": "string",
                  "enum": [
                    "light",
                    "dark"
                  ]
                },
                "tokens": {
                  "type": "object",
                  "propertyNames": {
                    "type": "string",
                    "maxLength": 64
                  },
                  "additionalProperties": {
                    "type": "string",
                    "maxLength": 512
                  },
                  "description": "Effective theme tokens for the mode: name (without --) -> value"
                }
              },
              "required": [
                "mode",
                "tokens"
              ]
            }
          },
          "required": [
            "type",
            "user",
            "workspace",
            "theme"
          ],
          "description": "Answer to module:request:context"
        },
        {
          "type": "object",
          "properties": {
            "token": {
              "type": "string",
              "minLength": 1,
              "maxLength": 8192,
              "description": "The JWT (compact JWS)"
            },
            "token_type": {
              "type": "string",
              "const": "Bearer"
            },
            "expires_at": {
              "type": "string",
              "format": "date-time",
              "pattern": "^(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|(?:02)-(?:0[1-9]|1\\d|2[0-8])))T(?:(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?(?:Z|([+-](?:[01]\\d|2[0-3]):[0-5]\\d)))$",
              "description": "RFC 3339 timestamp with offset"
            },
            "permissions": {
              "type": "array",
              "items": {
                "type": "string",
                "maxLength": 128,
                "pattern": "^[a-z][a-z0-9_-]*(?:[.:][a-z][a-z0-9_-]*)+$",
                "description": "Permission key, e.g. crm-lite.contacts.read"
              },
              "description": "The permissions it carries"
            },
            "audience": {
              "type": "string",
              "maxLength": 64,
              "pattern": "^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$",
              "description": "The module key (the JWT `aud`)"
            },
            "type": {
              "type": "string",
              "const": "host:token"
            }
          },
          "required": [
            "token",
            "token_type",
            "expires_at",
            "permissions",
            "audience",
            "type"
          ],
          "description": "Answer to module:request:token: a ModuleToken"
        },
        {
          "type": "object",
          "properties": {
            "type": {
              "type": "string",
              "const": "host:resized"
            },
            "height": {
              "type": "integer",
              "minimum": 0,
              "maximum": 10000
            },
            "width": {
              "type": "integer",
              "minimum": 0,
              "maximum": 10000
            }
          },
          "required": [
            "type",
            "height"
          ],
          "description": "Answer to module:request:resize: the size the frame took"
        },
        {
          "type": "object",
          "properties": {
            "type": {
              "type": "string",
              "const": "host:refusal"
            },
            "code": {
              "$ref": "#/$defs/ErrorCode"
            },
            "message": {
              "type": "string",
              "maxLength": 500
            }
          },
          "required": [
            "type",
            "code",
            "message"
          ],
          "description": "A request the host refused: invalid, not allowed, or failed"
        },
        {
          "type": "object",
          "properties": {
            "type": {
              "type": "string",
              "const": "module:ready"
            },
            "protocol_version": {
              "type": "string",
              "description": "Bridge protocol version the sender speaks (1.0.0)"
            }
          },
          "required": [
            "type",
            "protocol_version"
          ],
          "description": "Handshake answer to host:init"
        },
        {
          "type": "object",
          "properties": {
            "type": {
              "type": "string",
              "const": "module:request:resize"
            },
            "height": {
              "type": "integer",
              "minimum": 0,
              "maximum": 10000
            },
            "width": {
              "type": "integer",
              "minimum": 0,
              "maximum": 10000
            }
          },
          "required": [
            "type",
            "height"
          ],
          "description": "Asks the host to size the frame (CSS pixels, 0..10000)"
        },
        {
          "type": "object",
          "properties": {
            "type": {
              "type": "string",
              "const": "module:request:settings"
            }
          },
          "required": [
            "type"
          ],
          "description": "Asks for the installation settings (host:settings)"
        },
        {
          "type": "object",
          "properties": {
            "type": {
              "type": "string",
              "const": "module:request:context"
            }
          },
          "required": [
            "type"
          ],
          "description": "Asks for the user, workspace and theme context (host:context)"
        },
        {
          "type": "object",
          "properties": {
            "type": {
              "type": "string",
              "const": "module:request:token"
            },
            "permissions": {
              "minItems": 1,
              "maxItems": 20,
              "type": "array",
              "items": {
                "type": "string",
                "maxLength": 128,
                "pattern": "^[a-z][a-z0-9_-]*(?:[.:][a-z][a-z0-9_-]*)+$",
                "description": "Permission key, e.g. crm-lite.contacts.read"
              }
            },
            "ttl_seconds": {
              "type": "integer",
              "minimum": 10,
              "maximum": 300
            }
          },
          "required": [
            "type",
            "permissions"
          ],
          "description": "Asks for a short-lived token for permissions granted to UI tokens (host:token or host:refusal)"
        }
      ],
      "description": "A module UI bridge message (protocol 1.0.0), either direction"
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
    "ErrorCode": {
      "type": "string",
      "enum": [
        "AUTH_REQUIRED",
        "SESSION_INVALID",
        "WORKSPACE_REQUIRED",
        "WORKSPACE_FORBIDDEN",
        "PERMISSION_DENIED",
        "IMPERSONATION_FORBIDDEN",
        "MANIFEST_INVALID",
        "MANIFEST_INCOMPATIBLE",
        "MODULE_NOT_REGISTERED",
        "MODULE_NOT_ENABLED",
        "MODULE_TARGET_UNHEALTHY",
        "EVENT_SCHEMA_INVALID",
        "EVENT_DELIVERY_FAILED",
        "BILLING_REQUIRED",
        "BILLING_SUSPENDED",
        "VALIDATION_BLOCKING",
        "CONFLICT",
        "RATE_LIMITED",
        "INTERNAL_ERROR",
        "IMPERSONATION_SCOPE_FORBIDDEN",
        "INTEGRATION_PROVIDER_UNAVAILABLE",
        "INTEGRATION_SCOPE_FORBIDDEN",
        "AI_JOB_INVALID_STATE",
        "AI_JOB_FORBIDDEN",
        "DOMAIN_INVALID",
        "DOMAIN_ALREADY_CLAIMED",
        "DOMAIN_VERIFICATION_FAILED",
        "BRANDING_ASSET_INVALID",
        "NAVIGATION_INVALID",
        "FEATURE_FLAG_INVALID",
        "CREDENTIAL_RESOLUTION_FAILED",
        "SDK_CONTRACT_INCOMPATIBLE",
        "ROUTE_PERMISSION_CONFIG_ERROR",
        "NOT_FOUND",
        "PAYLOAD_TOO_LARGE",
        "SERVICE_UNAVAILABLE"
      ],
      "description": "Stable error code (PRD §20.2); never renamed or removed"
    }
  }
}
$json$::jsonb, now());

DO $$
BEGIN
  IF (SELECT count(*) FROM information_schema.columns
       WHERE table_schema = 'public'
         AND ((table_name = 'module_installations' AND column_name = 'token_permissions'
               AND is_nullable = 'NO' AND column_default = '''{}''::text[]')
           OR (table_name = 'module_target_health'
               AND column_name IN ('breaker_state', 'breaker_ejections', 'breaker_open_until',
                                   'breaker_changed_at')))) <> 5 THEN
    RAISE EXCEPTION '039 post-check failed: the new columns are not as expected';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_trigger
                  WHERE tgrelid = 'public.module_installations'::regclass
                    AND tgname = 'module_installations_check_installed_columns' AND NOT tgisinternal
                    AND pg_catalog.pg_get_triggerdef(oid) ILIKE '%old.token_permissions%')
     OR EXISTS (SELECT 1 FROM pg_catalog.pg_proc
                 WHERE oid = 'shell.check_module_installation_change()'::regprocedure
                   AND (prosecdef OR proconfig IS DISTINCT FROM ARRAY['search_path=""'])) THEN
    RAISE EXCEPTION '039 post-check failed: the module_installations column trigger does not list token_permissions';
  END IF;
  IF (SELECT count(*) FROM public.sdk_contract_versions
       WHERE status = 'active'
         AND schema_json ->> '$schema' = 'https://json-schema.org/draft/2020-12/schema'
         AND schema_json ->> '$id' = 'https://aiconnected.dev/schemas/' || contract_name || '/' || semver || '.json'
         AND (contract_name, semver) IN (('module-manifest', '1.2.0'),
                                         ('gateway-forward-headers', '2.0.0'),
                                         ('module-bridge', '1.0.0'))) <> 3 THEN
    RAISE EXCEPTION '039 post-check failed: a contract row of 039 is missing or malformed';
  END IF;
END $$;

-- 044_membership_events.sql
-- Purpose: the membership shell events (issue 12 "other shell transitions worth subscribing
--   to", docs/events.md "Shell events"): SDK contract version 1.4.0 publishes, both active,
--   * `shell-events` 1.1.0 (`shellEventsJsonSchema()`): 1.0.0's module lifecycle events plus
--     `membership.created`, `membership.role_changed` and `membership.removed` with their data
--     (`MembershipEventData`: ids and role keys only). Additive, so a minor; 1.0.0 stays active.
--   * `module-manifest` 1.4.0 (module-sdk's `manifestJsonSchema()`): the manifest is unchanged,
--     published again at the SDK version as every SDK version is (its `$id` names 1.4.0).
--   Verbatim: packages/events/test/contract-rows.test.ts compares them. No table changes: the
--   events are stored by `shell.emit_event` (041) like the module lifecycle events.
-- Pre-check: 041 is applied (shell.emit_event exists); no row of 044's contract versions.
-- Post-check: the two active contract rows, well-formed.
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.
--   044_membership_events.down.sql removes the two rows (the events already stored stay).

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc
                  WHERE proname = 'emit_event' AND pronamespace = 'shell'::regnamespace) THEN
    RAISE EXCEPTION '044 pre-check failed: 041_emit_event is not applied';
  END IF;
  IF EXISTS (SELECT 1 FROM public.sdk_contract_versions
              WHERE (contract_name, semver) IN (('module-manifest', '1.4.0'),
                                                ('shell-events', '1.1.0'))) THEN
    RAISE EXCEPTION '044 pre-check failed: a contract version of 044 is already published';
  END IF;
END $$;

-- The contracts of SDK contract version 1.4.0, verbatim from the functions named above.
INSERT INTO public.sdk_contract_versions (contract_name, semver, status, schema_json, published_at) VALUES
('module-manifest', '1.4.0', 'active', $json$
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://aiconnected.dev/schemas/module-manifest/1.4.0.json",
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
('shell-events', '1.1.0', 'active', $json$
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://aiconnected.dev/schemas/shell-events/1.1.0.json",
  "$ref": "#/$defs/ShellEvent",
  "$defs": {
    "ShellEvent": {
      "oneOf": [
        {
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
          "additionalProperties": false
        },
        {
          "type": "object",
          "properties": {
            "type": {
              "type": "string",
              "enum": [
                "membership.created",
                "membership.role_changed",
                "membership.removed"
              ]
            },
            "data": {
              "$ref": "#/$defs/MembershipEventData"
            }
          },
          "required": [
            "type",
            "data"
          ],
          "additionalProperties": false
        }
      ],
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
    },
    "MembershipEventData": {
      "type": "object",
      "properties": {
        "membership_id": {
          "type": "string",
          "format": "uuid",
          "pattern": "^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$"
        },
        "workspace_id": {
          "type": "string",
          "format": "uuid",
          "pattern": "^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$"
        },
        "user_id": {
          "type": "string",
          "format": "uuid",
          "pattern": "^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$",
          "description": "The member"
        },
        "role_template": {
          "type": "string",
          "enum": [
            "super_admin",
            "super_manager",
            "super_user",
            "agency_admin",
            "agency_manager",
            "agency_user",
            "business_admin",
            "business_manager",
            "business_user"
          ],
          "description": "The role template after the change"
        },
        "previous_role_template": {
          "description": "The role template before, when the change set another one",
          "type": "string",
          "enum": [
            "super_admin",
            "super_manager",
            "super_user",
            "agency_admin",
            "agency_manager",
            "agency_user",
            "business_admin",
            "business_manager",
            "business_user"
          ]
        },
        "active": {
          "type": "boolean",
          "description": "Whether the membership grants access after it"
        },
        "reason": {
          "type": "string",
          "enum": [
            "invitation_accepted",
            "reactivated",
            "role_changed",
            "deactivated"
          ]
        },
        "actor_user_id": {
          "type": "string",
          "format": "uuid",
          "pattern": "^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$",
          "description": "Who made the change (for an accepted invitation: the member)"
        },
        "invited_by_user_id": {
          "anyOf": [
            {
              "type": "string",
              "format": "uuid",
              "pattern": "^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$"
            },
            {
              "type": "null"
            }
          ],
          "description": "Who invited the member"
        }
      },
      "required": [
        "membership_id",
        "workspace_id",
        "user_id",
        "role_template",
        "active",
        "reason",
        "actor_user_id",
        "invited_by_user_id"
      ],
      "additionalProperties": false,
      "description": "Data of membership.created|role_changed|removed: the membership after the change"
    }
  }
}
$json$::jsonb, now());

DO $$
BEGIN
  IF (SELECT count(*) FROM public.sdk_contract_versions
       WHERE status = 'active'
         AND schema_json ->> '$schema' = 'https://json-schema.org/draft/2020-12/schema'
         AND schema_json ->> '$id' = 'https://aiconnected.dev/schemas/' || contract_name || '/' || semver || '.json'
         AND (contract_name, semver) IN (('module-manifest', '1.4.0'),
                                         ('shell-events', '1.1.0'))) <> 2 THEN
    RAISE EXCEPTION '044 post-check failed: a contract row of 044 is missing or malformed';
  END IF;
END $$;

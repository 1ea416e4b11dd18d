-- 049_module_bridge_1_1.sql
-- Purpose: publish `module-bridge` 1.1.0 (`moduleBridgeJsonSchema()`, BRIDGE_PROTOCOL_VERSION
--   1.1.0). The bridge's `host:refusal` carries a stable error code from the error catalog, and
--   045 added INTEGRATION_OAUTH_STATE_INVALID to it (error-envelope 1.3.0): the bridge schema's
--   code enum grew with it, an additive change, so a minor. 1.0.0 stays active; frames speaking
--   any 1.x keep working (module-sdk compares majors). Every later error-catalog addition
--   publishes the next bridge minor the same way.
--   Verbatim: packages/modules/test/sdk-contracts/gateway-runtime-contract-rows.test.ts compares it.
-- Pre-check: 045 is applied (error-envelope 1.3.0); no module-bridge 1.1.0 row.
-- Post-check: the row is active and well-formed.
-- Failure handling: the runner's transaction rolls back; nothing applied. Fix and re-run.
--   049_module_bridge_1_1.down.sql removes the row.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM public.sdk_contract_versions
                  WHERE contract_name = 'error-envelope' AND semver = '1.3.0') THEN
    RAISE EXCEPTION '049 pre-check failed: 045 (error-envelope 1.3.0) is not applied';
  END IF;
  IF EXISTS (SELECT 1 FROM public.sdk_contract_versions
              WHERE contract_name = 'module-bridge' AND semver = '1.1.0') THEN
    RAISE EXCEPTION '049 pre-check failed: module-bridge 1.1.0 is already published';
  END IF;
END $$;

INSERT INTO public.sdk_contract_versions (contract_name, semver, status, schema_json, published_at) VALUES
('module-bridge', '1.1.0', 'active', $json$
{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://aiconnected.dev/schemas/module-bridge/1.1.0.json",
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
              "description": "Bridge protocol version the sender speaks (1.1.0)"
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
              "description": "Bridge protocol version the sender speaks (1.1.0)"
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
      "description": "A module UI bridge message (protocol 1.1.0), either direction"
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
        "SERVICE_UNAVAILABLE",
        "INTEGRATION_OAUTH_STATE_INVALID"
      ],
      "description": "Stable error code (PRD §20.2); never renamed or removed"
    }
  }
}
$json$::jsonb, now());

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM public.sdk_contract_versions
                  WHERE contract_name = 'module-bridge' AND semver = '1.1.0' AND status = 'active'
                    AND schema_json ->> '$schema' = 'https://json-schema.org/draft/2020-12/schema'
                    AND schema_json ->> '$id' = 'https://aiconnected.dev/schemas/module-bridge/1.1.0.json') THEN
    RAISE EXCEPTION '049 post-check failed: module-bridge 1.1.0 is missing or malformed';
  END IF;
END $$;

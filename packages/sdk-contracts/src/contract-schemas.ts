import { aiJobSchema, aiJobStateSchema } from './ai/ai-job';
import {
  billingEntitlementSchema,
  billingEntitlementStateSchema,
} from './billing/billing-entitlement';
import { brandingProfileSchema } from './branding/branding-profile';
import { domainMappingSchema } from './branding/domain-mapping';
import { effectivePermissionsSchema } from './effective-permissions';
import { errorEnvelopeSchema } from './errors/error-envelope';
import { eventEnvelopeSchema } from './events/event-envelope';
import { shellEventSchema } from './events/shell-events';
import { featureFlagSetSchema } from './features/feature-flag-set';
import { gatewayForwardHeadersSchema } from './gateway/gateway-forward-headers';
import { shellClaimsSchema } from './gateway/shell-claims';
import { credentialResolutionResultSchema } from './integrations/credential-resolution-result';
import {
  integrationConnectionSchema,
  integrationConnectionStateSchema,
} from './integrations/integration-connection';
import {
  moduleInstallationSchema,
  moduleInstallationStateSchema,
} from './modules/module-installation';
import { moduleBridgeMessageSchema } from './modules/module-bridge';
import { moduleManifestSchema } from './modules/module-manifest';
import { moduleRuntimeConfigSchema } from './modules/module-runtime-config';
import { moduleTokenSchema } from './modules/module-token';
import { navigationProfileSchema } from './navigation/navigation-profile';
import { sdkContractVersionSchema } from './sdk/sdk-contract-version';
import { workspaceContextSchema } from './workspace-context';

/**
 * The public contracts by name: the canonical types of PRD §20.1, the error envelope and the
 * records behind the state enums. Each key equals the schema's meta id, so the OpenAPI
 * document and the contract versions published at `/sdk/contracts` use the same names.
 */
export const CONTRACT_SCHEMAS = {
  WorkspaceContext: workspaceContextSchema,
  EffectivePermissions: effectivePermissionsSchema,
  ModuleManifest: moduleManifestSchema,
  ModuleInstallationState: moduleInstallationStateSchema,
  ModuleInstallation: moduleInstallationSchema,
  EventEnvelope: eventEnvelopeSchema,
  ShellEvent: shellEventSchema,
  GatewayForwardHeaders: gatewayForwardHeadersSchema,
  ShellClaims: shellClaimsSchema,
  ModuleRuntimeConfig: moduleRuntimeConfigSchema,
  ModuleToken: moduleTokenSchema,
  ModuleBridgeMessage: moduleBridgeMessageSchema,
  BillingEntitlementState: billingEntitlementStateSchema,
  BillingEntitlement: billingEntitlementSchema,
  IntegrationConnectionState: integrationConnectionStateSchema,
  IntegrationConnection: integrationConnectionSchema,
  AIJobState: aiJobStateSchema,
  AIJob: aiJobSchema,
  BrandingProfile: brandingProfileSchema,
  DomainMapping: domainMappingSchema,
  NavigationProfile: navigationProfileSchema,
  FeatureFlagSet: featureFlagSetSchema,
  CredentialResolutionResult: credentialResolutionResultSchema,
  SDKContractVersion: sdkContractVersionSchema,
  ErrorEnvelope: errorEnvelopeSchema,
} as const;

export type ContractName = keyof typeof CONTRACT_SCHEMAS;

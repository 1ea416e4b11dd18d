export * from './workspace-context';
export * from './effective-permissions';

export * from './common/json';
export * from './common/keys';
export * from './common/safe-text';
export * from './common/semver';

export * from './errors/error-catalog';
export * from './errors/error-codes';
export * from './errors/error-envelope';
export * from './errors/shell-error';
export * from './errors/to-shell-error';
export * from './errors/to-error-envelope';

export * from './modules/permission-keys';
export * from './modules/shared-entities';
export * from './modules/manifest-layers';
export * from './modules/manifest-runtime';
export * from './modules/manifest-events';
export * from './modules/module-manifest';
export * from './modules/module-installation';

export * from './events/event-name';
export * from './events/event-envelope';
export * from './gateway/gateway-forward-headers';
export * from './billing/billing-entitlement';
export * from './integrations/integration-connection';
export * from './integrations/credential-resolution-result';
export * from './ai/ai-job';
export * from './branding/branding-profile';
export * from './branding/domain-mapping';
export * from './navigation/navigation-profile';
export * from './features/feature-flag-set';
export * from './sdk/sdk-contract-version';

export * from './contract-schemas';

export * from './audit/audit-actions';

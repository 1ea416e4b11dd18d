export * from './workspace-context';
export * from './effective-permissions';

export * from './common/find-json-problem';
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
export * from './modules/site-theme-capabilities';
export * from './modules/manifest-limits';
export * from './modules/module-manifest';
export * from './modules/manifest-findings';
export * from './modules/module-installation';
export * from './modules/module-registry-record';
export * from './modules/module-installation-transitions';
export * from './modules/module-availability';
export * from './modules/module-page-resolution';
export * from './modules/module-token';
export * from './modules/module-bridge';
export * from './modules/module-runtime-config';

export * from './events/event-name';
export * from './events/shell-event-names';
export * from './events/event-envelope';
export * from './events/shell-events';
export * from './events/membership-events';
export * from './events/event-api';
export * from './events/installation-credentials';
export * from './gateway/gateway-forward-headers';
export * from './gateway/shell-claims';
export * from './billing/billing-entitlement';
export * from './integrations/integration-connection';
export * from './integrations/credential-resolution-result';
export * from './integrations/integration-api';
export * from './integrations/credential-api';
export * from './integrations/describe-credential-policy';
export * from './ai/ai-job';
export * from './branding/branding-asset';
export * from './branding/branding-profile';
export * from './branding/theme';
export * from './branding/login-screen';
export * from './branding/domain-mapping';
export * from './branding/domain-record';
export * from './navigation/navigation-profile';
export * from './features/feature-flag-set';
export * from './sdk/sdk-contract-version';
export * from './sdk/sdk-contract-record';
export * from './sdk/contract-json-schema';
export * from './sdk/published-contract-schemas';

export * from './contract-schemas';

export * from './audit/audit-actions';

// The API's resources (PRD §20.3): one schema each, returned by the domain functions,
// validated and documented by the routes, read by the UI.
export * from './workspaces/workspace-type';
export * from './access/role-templates';
export * from './access/capabilities';
export * from './common/page';
export * from './workspaces/workspace';
export * from './workspaces/workspace-option';
export * from './users/user';
export * from './users/workspace-user';
export * from './memberships/membership';
export * from './memberships/invitation';
export * from './invitations/pending-invitation';
export * from './audit/audit-log';
export * from './auth/destination';
export * from './auth/session-view';
export * from './auth/session-summary';
export * from './auth/sign-in-result';
export * from './auth/link-description';
export * from './auth/context-change';
export * from './auth/effective-permissions-view';
export * from './auth/account-results';
export * from './platform/health';
export * from './platform/mailbox-message';

import { describe, expect, it } from 'vitest';
import {
  billingEntitlementSchema,
  brandingProfileSchema,
  domainMappingSchema,
  featureFlagSetSchema,
  navigationProfileSchema,
  sdkContractVersionSchema,
} from '@aiconnected/sdk-contracts';
import { expectContract } from './expect-contract';
import { OTHER_ID, WORKSPACE_ID } from './fixtures';

describe('canonical types: billing, white-label, navigation, features, SDK (PRD §20.1)', () => {
  it('BillingEntitlement', () => {
    expectContract(
      billingEntitlementSchema,
      {
        workspace_id: WORKSPACE_ID,
        state: 'grace',
        stripe_customer_id: 'cus_Q1w2e3r4t5',
        stripe_subscription_id: 'sub_1PzXyZ',
        current_period_end: '2025-04-01T00:00:00Z',
        grace_ends_at: '2025-04-08T00:00:00Z',
      },
      {
        'state outside §23.1': { state: 'trialing' },
        'missing state': { state: undefined },
        'bad period end': { current_period_end: 'next month' },
      },
    );
  });

  it('BrandingProfile', () => {
    expectContract(
      brandingProfileSchema,
      {
        logo_asset_id: OTHER_ID,
        colors: { primary: '#1d4ed8', secondary: 'oklch(0.72 0.11 178)' },
        typography: { heading_font: 'Inter', body_font: 'Source Serif 4' },
        copy: { headline: 'Welcome back to Acme', footer: '© Acme Agency' },
        support_link: { text: 'Help', url: 'mailto:help@acme.example' },
      },
      {
        // The colour itself is the theme engine's to judge (packages/branding refuses CSS
        // injection with its message); the contract bounds the text.
        'NUL in colour': { colors: { primary: '#1d4ed8\u0000' } },
        'oversize colour': { colors: { primary: 'x'.repeat(201) } },
        'quoted font': { typography: { heading_font: '"Inter"; }' } },
        'font stack': { typography: { heading_font: 'Inter, sans-serif' } },
        'unknown copy slot': { copy: { banner_html: '<b>hi</b>' } },
        'NUL in copy': { copy: { headline: 'Acme\u0000' } },
        'oversize copy': { copy: { footer: 'x'.repeat(301) } },
        'javascript: support link': { support_link: { text: 'Help', url: 'javascript:alert(1)' } },
        'http support link': { support_link: { text: 'Help', url: 'http://acme.example/help' } },
        'https: without //': { support_link: { text: 'Help', url: 'https:evil.example' } },
        'https:/ with one slash': { support_link: { text: 'Help', url: 'https:/evil.example' } },
        'unknown field': { background_image: 'https://x.example/bg.png' },
      },
    );
    // Everything inherits from the parent scope.
    expect(brandingProfileSchema.parse({})).toStrictEqual({});
  });

  it('DomainMapping', () => {
    expectContract(
      domainMappingSchema,
      {
        id: OTHER_ID,
        host: 'login.acme-agency.example',
        workspace_id: WORKSPACE_ID,
        status: 'verified',
        verification_token: 'aic-verify-3f9a1c7e5b2d4a6c',
        verified_at: '2025-03-14T09:26:53Z',
      },
      {
        'upper-case host': { host: 'Login.Acme.example' },
        'host with port': { host: 'acme.example:443' },
        'IP address': { host: '10.0.0.7' },
        'single label': { host: 'localhost' },
        'unknown status': { status: 'active' },
        'verified without time': { verified_at: null },
        'short token': { verification_token: 'abc' },
      },
    );
  });

  it('NavigationProfile', () => {
    const link = (key: string, href: string) => ({ key, label: key, href });
    expectContract(
      navigationProfileSchema,
      {
        id: OTHER_ID,
        workspace_id: WORKSPACE_ID,
        scope_type: 'agency',
        role_template: 'agency_admin',
        version: 3,
        config_json: {
          items: [
            { key: 'dashboard', label: 'Dashboard', href: '/dashboard', icon: 'layout-dashboard' },
            {
              key: 'clients',
              label: 'Clients',
              href: '/clients',
              children: [{ key: 'client-list', label: 'All clients', href: '/clients/all' }],
            },
          ],
        },
      },
      {
        'off-site link': { config_json: { items: [link('x', '//evil.example/')] } },
        'script link': { config_json: { items: [link('x', 'javascript:alert(1)')] } },
        'duplicate key': {
          config_json: {
            items: [link('x', '/x'), { ...link('y', '/y'), children: [link('x', '/y/x')] }],
          },
        },
        'version 0': { version: 0 },
        'unknown scope': { scope_type: 'personal' },
      },
    );
  });

  it('FeatureFlagSet', () => {
    expectContract(
      featureFlagSetSchema,
      {
        workspace_id: WORKSPACE_ID,
        version: 2,
        flags: [
          { feature_key: 'layouts.builder', enabled: true, source_scope: 'super' },
          { feature_key: 'ai.drafts', enabled: false, source_scope: 'agency' },
        ],
      },
      {
        'duplicate key': {
          flags: [
            { feature_key: 'ai.drafts', enabled: true, source_scope: 'super' },
            { feature_key: 'ai.drafts', enabled: false, source_scope: 'business' },
          ],
        },
        'enabled as string': {
          flags: [{ feature_key: 'ai.drafts', enabled: 'yes', source_scope: 'super' }],
        },
      },
    );
  });

  it('SDKContractVersion', () => {
    expectContract(
      sdkContractVersionSchema,
      {
        contract_name: 'module-manifest',
        semver: '1.0.0',
        status: 'active',
        schema_json: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object' },
      },
      {
        'bad semver': { semver: '1.0' },
        'unknown status': { status: 'published' },
        'bad name': { contract_name: 'Module Manifest' },
      },
    );
  });
});

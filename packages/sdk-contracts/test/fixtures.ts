import type { ModuleManifest } from '@aiconnected/sdk-contracts';

/** A realistic manifest: a small CRM module with both layers, events and an iframe UI. */
export function crmManifest(): ModuleManifest {
  return {
    id: 'crm-lite',
    name: 'CRM Lite',
    version: '1.4.0',
    description: 'Contacts and notes for a business workspace.',
    engines: { shell: '^1.0.0' },
    permissions: [
      'crm-lite.contacts.read',
      'crm-lite.contacts.write',
      'crm-lite.settings.configure',
    ],
    capabilities: ['notifications'],
    sharedEntities: ['contacts', 'users'],
    admin: {
      pages: [
        { path: '/contacts', title: 'Contacts' },
        { path: '/contacts/:contactId', title: 'Contact' },
        { path: '/settings', title: 'Settings', minimumRole: 'admin' },
      ],
      apiRoutes: [
        {
          method: 'GET',
          path: '/contacts',
          minimumRole: 'member',
          permissions: ['crm-lite.contacts.read'],
        },
        {
          method: 'POST',
          path: '/contacts',
          minimumRole: 'admin',
          permissions: ['crm-lite.contacts.write'],
        },
        { method: 'PUT', path: '/settings', minimumRole: 'owner' },
      ],
      navigation: [
        { label: 'Contacts', path: '/contacts', icon: 'contact-round', order: 10 },
        { label: 'Settings', path: '/settings', icon: 'settings' },
      ],
    },
    site: {
      pages: [{ path: '/book', title: 'Book a call' }],
      apiRoutes: [{ method: 'POST', path: '/bookings', minimumRole: 'member' }],
      navigation: [{ label: 'Book', path: '/book' }],
      requiredSiteCapabilities: ['site-section', 'site-container'],
    },
    events: {
      emits: [
        {
          name: 'crm-lite.contact.created',
          schema: {
            type: 'object',
            required: ['contact_id'],
            properties: { contact_id: { type: 'string', format: 'uuid' } },
          },
        },
      ],
      consumes: [{ name: 'membership.created', schema: { type: 'object' } }],
    },
    configSchema: {
      type: 'object',
      properties: { default_owner_email: { type: 'string', format: 'email' } },
      additionalProperties: false,
    },
    runtime: {
      apiVersion: 'v1',
      target: { type: 'http', baseUrl: 'http://crm-lite:8080/api', healthPath: '/health' },
    },
    frontend: { entryUrl: 'https://modules.example.com/crm-lite/index.html' },
    paid: true,
  };
}

export const WORKSPACE_ID = '6f1c2a4e-8b3d-4c7a-9e21-5d0f3b8a7c11';
export const USER_ID = '0b9e7d45-2c1f-4a8e-b3d6-7e5f9a1c2d40';
export const OTHER_ID = 'c3a1f2e4-5b6d-4e7f-8a9b-0c1d2e3f4a5b';

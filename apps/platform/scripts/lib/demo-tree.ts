import type { RoleTemplate, WorkspaceType } from '@aiconnected/permissions';

interface DemoMember {
  email: string;
  displayName: string;
  role: RoleTemplate;
}

export interface DemoWorkspace {
  type: WorkspaceType;
  name: string;
  slug: string;
  members: DemoMember[];
  children?: DemoWorkspace[];
}

/**
 * The local demo tenant tree: one platform (super) workspace, two agencies, their businesses,
 * and a user per interesting role. Two agencies so that every screen shows tenant isolation.
 */
export const DEMO_TREE: DemoWorkspace = {
  type: 'super',
  name: 'aiConnected Platform',
  slug: 'platform',
  members: [{ email: 'super@demo.local', displayName: 'Sam Super', role: 'super_admin' }],
  children: [
    {
      type: 'agency',
      name: 'Northwind Agency',
      slug: 'northwind',
      members: [
        { email: 'agency-a-admin@demo.local', displayName: 'Avery Admin', role: 'agency_admin' },
        { email: 'agency-a-user@demo.local', displayName: 'Ari User', role: 'agency_user' },
      ],
      children: [
        {
          type: 'business',
          name: 'Northwind Dental',
          slug: 'northwind-dental',
          members: [
            {
              email: 'business-a1-admin@demo.local',
              displayName: 'Dana Dental',
              role: 'business_admin',
            },
            {
              email: 'business-a1-user@demo.local',
              displayName: 'Drew Desk',
              role: 'business_user',
            },
          ],
        },
        {
          type: 'business',
          name: 'Northwind Bakery',
          slug: 'northwind-bakery',
          members: [
            {
              email: 'business-a2-admin@demo.local',
              displayName: 'Bailey Baker',
              role: 'business_admin',
            },
          ],
        },
      ],
    },
    {
      type: 'agency',
      name: 'Contoso Agency',
      slug: 'contoso',
      members: [
        { email: 'agency-b-admin@demo.local', displayName: 'Casey Contoso', role: 'agency_admin' },
      ],
      children: [
        {
          type: 'business',
          name: 'Contoso Fitness',
          slug: 'contoso-fitness',
          members: [
            {
              email: 'business-b1-admin@demo.local',
              displayName: 'Frankie Fit',
              role: 'business_admin',
            },
          ],
        },
      ],
    },
  ],
};

/**
 * The nine role templates of PRD §7, three per workspace level. The one list: `permissions`
 * maps them to capabilities, the API documents and validates role names against it.
 */
export const ROLE_TEMPLATES = [
  'super_admin',
  'super_manager',
  'super_user',
  'agency_admin',
  'agency_manager',
  'agency_user',
  'business_admin',
  'business_manager',
  'business_user',
] as const;
export type RoleTemplate = (typeof ROLE_TEMPLATES)[number];

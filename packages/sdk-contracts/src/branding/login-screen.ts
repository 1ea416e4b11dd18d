import { z } from 'zod';
import { safeText } from '../common/safe-text';
import { WORKSPACE_TYPES } from '../workspaces/workspace-type';
import {
  BRANDING_PROFILE_FIELDS,
  baseVersionSchema,
  brandingProfileSchema,
  CHANGE_NOTE_MAX,
} from './branding-profile';

/** Why the login screen of a workspace is read-only for the caller. */
export const LOGIN_SCREEN_READ_ONLY_REASONS = [
  /** The caller lacks `branding.login.edit` in the workspace. */
  'missing_permission',
  /** A business whose agency does not let its businesses customise the login screen. */
  'agency_policy',
] as const;
export type LoginScreenReadOnlyReason = (typeof LOGIN_SCREEN_READ_ONLY_REASONS)[number];

/** A workspace of the inheritance chain, from the workspace itself up to the super baseline. */
export const loginScreenChainLinkSchema = z.strictObject({
  workspace_id: z.uuid(),
  name: z.string(),
  type: z.enum(WORKSPACE_TYPES),
  /** Its latest saved version; null when it has never saved a profile. */
  version: z.int().min(1).nullable(),
  /** Whether its profile takes part: a business's is ignored while its agency forbids overrides. */
  applies: z.boolean(),
});
export type LoginScreenChainLink = z.infer<typeof loginScreenChainLinkSchema>;

/**
 * `GET /branding/login-screen` (and the answer of `PUT`): the effective login branding of a
 * workspace (PRD §20.3 `branding_profile`, `effective_source_workspace_id`), where each field
 * comes from, the workspace's own saved profile and version, and the agency's policy.
 */
export const loginScreenSchema = z
  .strictObject({
    workspace_id: z.uuid(),
    /** The effective profile: every field resolved super -> agency -> business. */
    branding_profile: brandingProfileSchema,
    /** The nearest workspace that contributed a field; null when everything is the default. */
    effective_source_workspace_id: z.uuid().nullable(),
    /** Per field (dotted path) the workspace it comes from; absent fields are the default. */
    field_sources: z.partialRecord(z.enum(BRANDING_PROFILE_FIELDS), z.uuid()),
    /**
     * What the workspace shows without its own profile (its ancestors' resolved, with their
     * sources): what a field left empty falls back to.
     */
    inherited: z.strictObject({
      branding_profile: brandingProfileSchema,
      field_sources: z.partialRecord(z.enum(BRANDING_PROFILE_FIELDS), z.uuid()),
    }),
    /** The workspace's own saved profile (latest version); null when it has none. */
    own_profile: brandingProfileSchema.nullable(),
    /** The latest version of the workspace's own profile; 0 when it has none. */
    version: z.int().min(0),
    /**
     * The agency policy that applies: an agency's own, a business's agency's; null for the
     * super workspace (super and agencies always customise their own).
     */
    allow_business_override: z.boolean().nullable(),
    /** The agency whose policy applies (the workspace itself for an agency), else null. */
    policy_workspace_id: z.uuid().nullable(),
    /** Whether the caller may save a new version now. */
    editable: z.boolean(),
    read_only_reason: z.enum(LOGIN_SCREEN_READ_ONLY_REASONS).nullable(),
    /** The file URL of the effective logo, or null. */
    logo_url: z.string().nullable(),
    /** Root first: the super workspace, its agency, then the workspace itself. */
    chain: z.array(loginScreenChainLinkSchema),
  })
  .meta({ id: 'LoginScreen', description: 'Login-screen branding of a workspace, resolved' });
export type LoginScreen = z.infer<typeof loginScreenSchema>;

/** `PUT /branding/login-screen`: a new version of a workspace's own profile. */
export const loginScreenUpdateSchema = z
  .strictObject({
    workspace_id: z.uuid(),
    /** The workspace's own profile, complete: fields left out inherit from the parent. */
    branding_profile: brandingProfileSchema,
    /** An agency's policy: may its businesses override its login screen (agencies only). */
    allow_business_override: z.boolean().optional(),
    change_note: safeText(CHANGE_NOTE_MAX).optional(),
    base_version: baseVersionSchema.optional(),
  })
  .meta({ id: 'LoginScreenUpdate', description: 'A new version of a login-screen profile' });
export type LoginScreenUpdate = z.infer<typeof loginScreenUpdateSchema>;

/** Which host a sign-in page was served on. */
export const SIGN_IN_HOST_KINDS = ['platform', 'custom', 'workspace_platform_host'] as const;

/**
 * `GET /branding/sign-in-context` (public): the login branding of the host a page is served
 * on: a verified custom domain or `<slug>.<PLATFORM_CUSTOM_DOMAIN_ROOT>` shows its workspace's
 * effective branding; the platform host (or any other) the super baseline.
 */
export const signInBrandingSchema = z
  .strictObject({
    host_kind: z.enum(SIGN_IN_HOST_KINDS),
    /** The workspace the host belongs to (null on the platform host). */
    workspace_name: z.string().nullable(),
    branding_profile: brandingProfileSchema,
    /** The profile's logo, else the effective `login_logo`, else the effective `logo`. */
    logo_url: z.string().nullable(),
    /** The effective `login_background` (behind the brand panel), or null. */
    background_url: z.string().nullable(),
  })
  .meta({ id: 'SignInBranding', description: 'The login branding of the requested host' });
export type SignInBranding = z.infer<typeof signInBrandingSchema>;

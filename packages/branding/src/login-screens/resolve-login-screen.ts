import {
  BRANDING_PROFILE_FIELDS,
  readProfileField,
  writeProfileField,
  type BrandingProfile,
  type BrandingProfileField,
} from '@aiconnected/sdk-contracts';
import { readableProfileValue } from './normalize-login-profile';
import type { LoginScreenChainRow } from './read-login-screen-chain';

/** A login screen resolved along its workspace's ancestry. */
export interface ResolvedLoginScreen {
  /** Every field set somewhere in the chain, the nearest applying workspace winning. */
  profile: BrandingProfile;
  /** Per field, the workspace it comes from. */
  fieldSources: Partial<Record<BrandingProfileField, string>>;
  /** The nearest workspace that contributed a field; null when all is the default. */
  sourceWorkspaceId: string | null;
  /** Per chain row (same order), whether its profile takes part. */
  applies: boolean[];
  /** The agency whose policy governs the workspace's business level, if any. */
  policy: { workspaceId: string; allowBusinessOverride: boolean } | null;
}

/**
 * Inheritance of login screens (PRD §15, §15.1): super baseline -> agency -> business, field by
 * field, like theme tokens; the nearest workspace that sets a field wins. A business's own
 * profile takes part only while its agency's latest policy allows business overrides (a
 * profile saved while it did stays stored, and comes back if the agency allows it again).
 * Stored values are re-checked on the way (`readableProfileValue`): one that no longer passes is
 * skipped, so the field inherits. `chain` is root first, as `readLoginScreenChain` returns it.
 * Pure and deterministic.
 */
export function resolveLoginScreen(chain: readonly LoginScreenChainRow[]): ResolvedLoginScreen {
  const agency = chain.find((row) => row.workspace_type === 'agency');
  const applies = chain.map(
    (row) => row.workspace_type !== 'business' || (agency?.allow_business_override ?? false),
  );
  let profile: BrandingProfile = {};
  const fieldSources: ResolvedLoginScreen['fieldSources'] = {};
  let sourceDepth = -1;
  chain.forEach((row, index) => {
    if (!applies[index] || row.profile === null) return;
    for (const field of BRANDING_PROFILE_FIELDS) {
      const stored = readProfileField(row.profile, field);
      const value = stored === undefined ? undefined : readableProfileValue(field, stored);
      if (value === undefined) continue;
      profile = writeProfileField(profile, field, value);
      fieldSources[field] = row.workspace_id;
      sourceDepth = index;
    }
  });
  return {
    profile,
    fieldSources,
    sourceWorkspaceId: sourceDepth < 0 ? null : (chain[sourceDepth]?.workspace_id ?? null),
    applies,
    policy: agency
      ? { workspaceId: agency.workspace_id, allowBusinessOverride: agency.allow_business_override }
      : null,
  };
}

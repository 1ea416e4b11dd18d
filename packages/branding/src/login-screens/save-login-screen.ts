import type { Db, Tx } from '@aiconnected/db';
import {
  loadActorView,
  recordAudit,
  requireWorkspaceCapability,
  translateWriteError,
} from '@aiconnected/access';
import {
  BRANDING_PROFILE_FIELDS,
  CHANGE_NOTE_MAX,
  readProfileField,
  ShellError,
  TEXT_PROBLEM_MESSAGES,
  textProblem,
  type BrandingProfile,
  type LoginScreen,
  type WorkspaceContext,
} from '@aiconnected/sdk-contracts';
import { agencyPolicyForbids, invalidLoginScreen } from './login-screen-errors';
import { normalizeLoginProfile } from './normalize-login-profile';
import { readLoginLogo } from './read-login-logo';
import { readLoginScreenChain } from './read-login-screen-chain';
import { resolveLoginScreen } from './resolve-login-screen';
import { staleVersion } from '../themes/theme-errors';
import { loginScreenReadOnlyReason, toLoginScreen } from './to-login-screen';

export interface SaveLoginScreenInput {
  actor: WorkspaceContext;
  workspaceId: string;
  /** Shaped by `brandingProfileSchema` (the route); normalised and checked here. */
  profile: BrandingProfile;
  /** An agency's policy for its businesses; left out, the agency's current one stays. */
  allowBusinessOverride?: boolean;
  changeNote?: string;
  correlationId: string;
  /** The version the editor loaded (null/0: none); another one is current -> `CONFLICT`. */
  baseVersion?: number | null;
}

const CONFLICTS = {
  login_screen_profiles_workspace_id_version_key: (what: string, cause: unknown) =>
    new ShellError('CONFLICT', `${what}: another save took this version`, {
      userMessage: 'Someone saved this sign-in page at the same moment: reload and try again.',
      cause,
    }),
};

/**
 * Saves a new version of a workspace's own login-screen profile (`PUT /branding/login-screen`):
 * `branding.login.edit` in the workspace (agency admins and managers also for their
 * businesses, super everywhere; `WORKSPACE_FORBIDDEN` for a workspace the actor cannot see);
 * a business only while its agency allows business overrides (`PERMISSION_DENIED` with
 * `details.reason: "agency_policy"`, whoever asks: the profile would not apply); colours and
 * fonts normalised, the logo a clean logo of the workspace or an ancestor, the policy only on
 * an agency (`VALIDATION_BLOCKING`). The insert is RLS-checked again (migration 031); a
 * concurrent save of the same version is a `CONFLICT`. Audited as `branding.login_screen.update`.
 */
export async function saveLoginScreen(db: Db, input: SaveLoginScreenInput): Promise<LoginScreen> {
  const { actor } = input;
  const profile = normalizeLoginProfile(input.profile);
  const changeNote = checkedNote(input.changeNote);
  return db.withWorkspace(actor, async (tx) => {
    const view = await loadActorView(tx, actor);
    const access = await requireWorkspaceCapability(
      view,
      input.workspaceId,
      'branding.login.edit',
      'editing the sign-in page',
    );
    const { workspace } = access;
    const chain = await readLoginScreenChain(tx, workspace.id);
    const { policy } = resolveLoginScreen(chain);
    if (loginScreenReadOnlyReason(access, policy?.allowBusinessOverride ?? false) !== null) {
      const agency = chain.find((row) => row.workspace_id === policy?.workspaceId);
      throw agencyPolicyForbids({
        id: agency?.workspace_id ?? '',
        name: agency?.workspace_name ?? '',
      });
    }
    if (input.allowBusinessOverride !== undefined && workspace.type !== 'agency') {
      throw invalidLoginScreen([
        {
          path: 'body.allow_business_override',
          message: 'Only an agency decides whether its businesses may customise their sign-in page',
        },
      ]);
    }
    if (
      profile.logo_asset_id !== undefined &&
      (await readLoginLogo(
        tx,
        profile.logo_asset_id,
        chain.map((row) => row.workspace_id),
      )) === null
    ) {
      throw invalidLoginScreen([
        {
          path: 'body.branding_profile.logo_asset_id',
          message:
            'Pick a logo uploaded to this workspace, or one it inherits, that passed its scan',
        },
      ]);
    }

    const own = chain.find((row) => row.workspace_id === workspace.id);
    if (input.baseVersion !== undefined && (input.baseVersion ?? 0) !== (own?.version ?? 0)) {
      throw staleVersion('sign-in page', own?.version ?? null);
    }
    const previousPolicy = own?.allow_business_override ?? false;
    const allow =
      workspace.type === 'agency' ? (input.allowBusinessOverride ?? previousPolicy) : false;
    const version = await insertVersion(tx, {
      workspaceId: workspace.id,
      version: (own?.version ?? 0) + 1,
      profile,
      allow,
      changeNote,
      userId: actor.user_id,
    });
    await recordAudit(tx, actor, {
      workspaceId: workspace.id,
      action: 'branding.login_screen.update',
      targetType: 'login_screen_profile',
      targetId: workspace.id,
      metadata: {
        version,
        note: changeNote,
        changed_fields: changedFields(own?.profile ?? {}, profile),
        ...(allow === previousPolicy
          ? {}
          : { allow_business_override: { from: previousPolicy, to: allow } }),
      },
      correlationId: input.correlationId,
    });
    return toLoginScreen(tx, await readLoginScreenChain(tx, workspace.id), access);
  });
}

function checkedNote(note: string | undefined): string | null {
  if (note === undefined || note.trim() === '') return null;
  const problem = textProblem(note);
  if (problem === null && note.length <= CHANGE_NOTE_MAX) return note.trim();
  throw invalidLoginScreen([
    {
      path: 'body.change_note',
      message: problem
        ? TEXT_PROBLEM_MESSAGES[problem]
        : `Must be at most ${CHANGE_NOTE_MAX} characters`,
    },
  ]);
}

interface VersionRow {
  workspaceId: string;
  version: number;
  profile: BrandingProfile;
  allow: boolean;
  changeNote: string | null;
  userId: string;
}

/** The RLS-checked insert (branding.login.edit, and the agency policy for a business). */
async function insertVersion(tx: Tx, row: VersionRow): Promise<number> {
  try {
    const { rows } = await tx.query<{ version: number }>(
      `insert into public.login_screen_profiles
         (workspace_id, version, profile, allow_business_override, change_note, created_by_user_id)
       values ($1, $2, $3, $4, $5, $6)
       returning version`,
      [row.workspaceId, row.version, row.profile, row.allow, row.changeNote, row.userId],
    );
    return rows[0]?.version ?? row.version;
  } catch (error) {
    translateWriteError(error, 'save login-screen profile', CONFLICTS);
  }
}

/** The fields whose value differs between two profiles (dotted paths). */
function changedFields(before: BrandingProfile, after: BrandingProfile): string[] {
  const pick = (profile: BrandingProfile, field: (typeof BRANDING_PROFILE_FIELDS)[number]) =>
    JSON.stringify(readProfileField(profile, field));
  return BRANDING_PROFILE_FIELDS.filter((field) => pick(before, field) !== pick(after, field));
}

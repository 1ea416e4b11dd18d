import type { Tx } from '@aiconnected/db';
import { LOGIN_SCREEN_CHANGED_CHANNEL } from '../login-screens/create-sign-in-branding-cache';

/** The channel the workspace logos cache listens on (payload: the workspace id). */
export const BRANDING_ASSET_CHANGED_CHANNEL = 'shell_branding_asset_changed';

/**
 * Tells every process that the active assets of `workspaceId` changed (sent when `tx`
 * commits): the header logos cache forgets them, and so does the sign-in branding cache,
 * whose logo falls back to the effective `login_logo`/`logo` and which shows the effective
 * `login_background`. A workspace's change reaches its descendants, so both forget broadly.
 */
export async function notifyBrandingAssetChange(tx: Tx, workspaceId: string): Promise<void> {
  await tx.query('select pg_notify($1, $3::text), pg_notify($2, $3::text)', [
    BRANDING_ASSET_CHANGED_CHANNEL,
    LOGIN_SCREEN_CHANGED_CHANNEL,
    workspaceId,
  ]);
}

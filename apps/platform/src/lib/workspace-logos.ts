import 'server-only';
import { cache } from 'react';
import type { BrandingAssetList } from '@aiconnected/sdk-contracts';
import { apiFetch } from './server-api';

/** The file URLs a workspace's pages show: its effective logos and favicon, or null each. */
export interface WorkspaceLogos {
  light: string | null;
  dark: string | null;
  favicon: string | null;
}

const NONE: WorkspaceLogos = { light: null, dark: null, favicon: null };

/**
 * The effective logo (light and dark) and favicon of the active workspace, inherited from its
 * agency or the platform when it has none (`GET /branding/assets`), once per request. A failed
 * read shows the product name instead: the header must not take a page down.
 */
export const loadWorkspaceLogos = cache(async (workspaceId: string): Promise<WorkspaceLogos> => {
  try {
    const { effective } = await apiFetch<BrandingAssetList>(
      `/branding/assets?workspace_id=${encodeURIComponent(workspaceId)}`,
    );
    return {
      light: effective.logo?.asset.url ?? null,
      dark: effective.logo_dark?.asset.url ?? null,
      favicon: effective.favicon?.asset.url ?? null,
    };
  } catch {
    return NONE;
  }
});

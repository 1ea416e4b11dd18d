'use client';

import { useState } from 'react';
import { useRouter } from 'next/navigation';
import {
  BRANDING_ASSET_TYPES,
  type BrandingAsset,
  type BrandingAssetList,
  type BrandingAssetType,
} from '@aiconnected/sdk-contracts';
import { callApi } from '@/lib/client-api';
import { FormError } from '../form-alerts';
import { AssetTypeCard } from './asset-type-card';

/**
 * The logos and images of one workspace: a card per asset type. After a change it reloads the
 * list and the page (the header shows the new logo).
 */
export function LogoManager({
  workspaceId,
  initial,
}: {
  workspaceId: string;
  initial: BrandingAssetList;
}) {
  const router = useRouter();
  const [list, setList] = useState(initial);
  const [error, setError] = useState<string | null>(null);

  async function reload() {
    const result = await callApi<BrandingAssetList>(
      `/branding/assets?workspace_id=${encodeURIComponent(workspaceId)}`,
    );
    if (!result.ok) {
      setError(result.message);
      return;
    }
    setError(null);
    setList(result.data);
    router.refresh();
  }

  const ofType = (type: BrandingAssetType, status: BrandingAsset['scan_status']) =>
    list.assets.filter((asset) => asset.asset_type === type && asset.scan_status === status);

  return (
    <>
      <FormError message={error} />
      {BRANDING_ASSET_TYPES.map((type) => (
        <AssetTypeCard
          key={type}
          workspaceId={workspaceId}
          type={type}
          effective={list.effective[type]}
          assets={ofType(type, 'clean')}
          refused={ofType(type, 'rejected')}
          onChanged={reload}
        />
      ))}
    </>
  );
}

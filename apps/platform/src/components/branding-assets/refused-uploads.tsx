import { CircleX } from 'lucide-react';
import { BRANDING_ASSET_INVALID_MESSAGES, type BrandingAsset } from '@aiconnected/sdk-contracts';
import { formatInstant } from '../labels';
import { formatBytes } from './asset-labels';

/**
 * This workspace's refused uploads of one type, newest first, apart from the usable ones: when,
 * what was sent, and why it was refused in plain words. Nothing was stored, so nothing to use.
 */
export function RefusedUploads({ title, assets }: { title: string; assets: BrandingAsset[] }) {
  if (assets.length === 0) return null;
  return (
    <section className="space-y-2" data-testid="refused-uploads">
      <h3 className="text-sm font-medium">Refused uploads</h3>
      <p className="text-xs text-muted-foreground">
        These files failed their checks. They were not stored and cannot be used.
      </p>
      <ul className="space-y-2" aria-label={`Refused ${title} uploads`}>
        {assets.map((asset) => (
          <li
            key={asset.id}
            className="flex gap-3 rounded-md border border-dashed p-2 text-xs text-muted-foreground"
          >
            <CircleX className="mt-0.5 h-4 w-4 shrink-0 text-destructive" aria-hidden="true" />
            <div className="min-w-0 space-y-0.5">
              <p className="font-medium text-foreground">
                {asset.rejected_reason
                  ? BRANDING_ASSET_INVALID_MESSAGES[asset.rejected_reason]
                  : 'The file failed its checks.'}
              </p>
              <p>
                Sent <time dateTime={asset.created_at}>{formatInstant(asset.created_at)}</time>:{' '}
                {asset.mime_type}, {formatBytes(asset.size_bytes)}
              </p>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

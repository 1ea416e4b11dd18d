'use client';

import { useId, useRef, useState } from 'react';
import { ImageOff, Upload } from 'lucide-react';
import {
  Badge,
  Button,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  EmptyState,
  Label,
  Progress,
  toast,
} from '@aiconnected/ui';
import type {
  BrandingAsset,
  BrandingAssetType,
  BrandingAssetUploadUrl,
  EffectiveBrandingAsset,
} from '@aiconnected/sdk-contracts';
import { callApi } from '@/lib/client-api';
import { FormError } from '../form-alerts';
import { formatInstant } from '../labels';
import { ASSET_TYPE_LABELS, contentCode, formatBytes, limitText, sourceText } from './asset-labels';
import { RefusedUploads } from './refused-uploads';
import { uploadAssetFile } from './upload-asset-file';

interface AssetTypeCardProps {
  workspaceId: string;
  type: BrandingAssetType;
  effective: EffectiveBrandingAsset | null;
  /** This workspace's clean assets of the type, newest first. */
  assets: BrandingAsset[];
  /** This workspace's refused uploads of the type, newest first. */
  refused: BrandingAsset[];
  /** Reload the list after a change. */
  onChanged: () => Promise<void>;
}

/** The API's refusal in words: its message, plus why when it says (e.g. why SVG is refused). */
function refusalText(error: { message: string; details?: unknown } | undefined, fallback: string) {
  const explanation = (error?.details as { explanation?: unknown } | undefined)?.explanation;
  return typeof explanation === 'string' ? explanation : (error?.message ?? fallback);
}

/** One asset type: what shows now and where it comes from, upload with progress, activation. */
export function AssetTypeCard({
  workspaceId,
  type,
  effective,
  assets,
  refused,
  onChanged,
}: AssetTypeCardProps) {
  const labels = ASSET_TYPE_LABELS[type];
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  async function upload(file: File) {
    setError(null);
    setProgress(0);
    const started = await callApi<BrandingAssetUploadUrl>('/branding/assets/logo-upload-url', {
      method: 'POST',
      body: {
        workspace_id: workspaceId,
        asset_type: type,
        mime_type: file.type || 'application/octet-stream',
        size_bytes: file.size,
      },
    });
    if (!started.ok) {
      setProgress(null);
      if (input.current) input.current.value = '';
      setError(refusalText(started.error, started.message));
      return;
    }
    const result = await uploadAssetFile(started.data.upload_url, file, setProgress);
    setProgress(null);
    if (input.current) input.current.value = '';
    if (!result.ok) {
      setError(result.message);
      return;
    }
    toast.success(`${labels.title} uploaded. Choose “Use this” to show it.`);
    await onChanged();
  }

  async function setActive(asset: BrandingAsset, active: boolean) {
    setBusyId(asset.id);
    setError(null);
    const result = await callApi<{ asset: BrandingAsset }>(
      `/branding/assets/${asset.id}/${active ? 'activate' : 'deactivate'}`,
      { method: 'POST' },
    );
    setBusyId(null);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    toast.success(
      active ? `${labels.title} updated.` : `${labels.title} removed: inherited again.`,
    );
    await onChanged();
  }

  const current = effective?.asset ?? null;
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          <h2>{labels.title}</h2>
        </CardTitle>
        <CardDescription>{labels.description}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-5">
        <div className="flex flex-col gap-4 sm:flex-row sm:items-center">
          <div className="flex h-24 w-full shrink-0 items-center justify-center rounded-md border bg-muted/40 p-2 sm:w-48">
            {current?.url ? (
              <img
                src={current.url}
                alt={`Current ${labels.title.toLowerCase()}`}
                className="max-h-full max-w-full object-contain"
              />
            ) : (
              <ImageOff className="h-6 w-6 text-muted-foreground" aria-hidden="true" />
            )}
          </div>
          <p className="text-sm text-muted-foreground">{sourceText(type, effective)}</p>
        </div>

        {assets.length === 0 ? (
          <EmptyState
            size="sm"
            title={`No ${labels.title.toLowerCase()} uploaded for this workspace yet`}
            description={`Upload one below to replace ${effective?.inherited ? 'the inherited one' : 'the default'}.`}
          />
        ) : (
          <ul className="grid gap-3 sm:grid-cols-2" aria-label={`Uploaded ${labels.title}`}>
            {assets.map((asset) => (
              <li
                key={asset.id}
                className="flex flex-wrap items-center gap-3 rounded-md border p-2"
              >
                <div className="flex h-12 w-16 shrink-0 items-center justify-center rounded bg-muted/40">
                  {asset.url ? (
                    <img src={asset.url} alt="" className="max-h-full max-w-full object-contain" />
                  ) : null}
                </div>
                <div className="min-w-[12rem] flex-1 text-xs text-muted-foreground">
                  <p>
                    {asset.width}×{asset.height}, {formatBytes(asset.size_bytes)}
                  </p>
                  <p className="whitespace-nowrap">
                    Uploaded{' '}
                    <time dateTime={asset.uploaded_at ?? asset.created_at}>
                      {formatInstant(asset.uploaded_at ?? asset.created_at)}
                    </time>
                  </p>
                  {contentCode(asset.url) ? (
                    <p title="The same image always has the same code">
                      Image <span className="font-mono">{contentCode(asset.url)}</span>
                    </p>
                  ) : null}
                </div>
                {asset.active ? (
                  <div className="ml-auto flex items-center gap-2">
                    <Badge>In use</Badge>
                    <Button
                      size="sm"
                      variant="ghost"
                      disabled={busyId !== null}
                      onClick={() => void setActive(asset, false)}
                      aria-label={`Stop using this ${labels.title.toLowerCase()}`}
                    >
                      Stop using
                    </Button>
                  </div>
                ) : (
                  <Button
                    size="sm"
                    variant="outline"
                    className="ml-auto"
                    disabled={busyId !== null}
                    onClick={() => void setActive(asset, true)}
                    aria-label={`Use this ${labels.title.toLowerCase()} (${asset.width}×${asset.height})`}
                  >
                    Use this
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}

        <RefusedUploads title={labels.title.toLowerCase()} assets={refused} />

        <div className="space-y-2">
          <Label htmlFor={inputId}>Upload a new {labels.title.toLowerCase()}</Label>
          <div className="flex flex-wrap items-center gap-3">
            <input
              ref={input}
              id={inputId}
              type="file"
              accept="image/png,image/jpeg,image/webp"
              disabled={progress !== null}
              aria-describedby={`${inputId}-hint`}
              className="block w-full max-w-sm text-sm file:mr-3 file:rounded-md file:border file:border-input file:bg-background file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-foreground hover:file:bg-accent focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
              onChange={(event) => {
                const file = event.target.files?.[0];
                if (file) void upload(file);
              }}
            />
            {progress !== null ? (
              <span className="flex items-center gap-2 text-sm text-muted-foreground">
                <Upload className="h-4 w-4" aria-hidden="true" />
                {Math.round(progress)}%
              </span>
            ) : null}
          </div>
          <p id={`${inputId}-hint`} className="text-xs text-muted-foreground">
            {limitText(type)} SVG is not accepted. Images are re-encoded and their metadata removed.
          </p>
          {progress !== null ? (
            <Progress value={progress} label={`Uploading ${labels.title.toLowerCase()}`} />
          ) : null}
          <FormError message={error} />
        </div>
      </CardContent>
    </Card>
  );
}

'use client';

import { useId, useState } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { ArrowLeft, Undo2 } from 'lucide-react';
import {
  Badge,
  Button,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  Label,
  NativeSelect,
  toast,
} from '@aiconnected/ui';
import type {
  ModuleHealth,
  ModuleRegistryModule,
  ModuleRegistryRecord,
} from '@aiconnected/sdk-contracts';
import { ConfirmDialog } from '../confirm-dialog';
import { formatInstant } from '../labels';
import { AssessmentReport } from './assessment-report';
import { PromoteDraftDialog, RejectDraftDialog, type DraftRef } from './draft-review-dialogs';
import { ManifestSummary } from './manifest-summary';
import { REGISTRY_STATUS_LABELS } from './registry-labels';
import { RegistryTargetHealth } from './registry-target-health';

/** The registered version the current pointer moves back to (the next lower one), if any. */
export function rollbackTarget(module: ModuleRegistryModule): ModuleRegistryRecord | null {
  const current = module.versions.findIndex((version) => version.is_current);
  if (current < 0) return null;
  return (
    module.versions.slice(current + 1).find((version) => version.status === 'registered') ?? null
  );
}

function VersionFacts({ version }: { version: ModuleRegistryRecord }) {
  return (
    <>
      <span>Imported {formatInstant(version.created_at)}</span>
      {version.registered_at ? (
        <span>Registered {formatInstant(version.registered_at)}</span>
      ) : null}
      {version.reviewed_at ? <span>Reviewed {formatInstant(version.reviewed_at)}</span> : null}
      {version.review_note ? <span>Reason: {version.review_note}</span> : null}
    </>
  );
}

/**
 * One module in the registry: its versions (status, dates, the current one marked) with
 * Promote / Reject on drafts and Roll back on the module; the manifest summary and the stored
 * assessment of the version picked.
 */
export function RegistryModuleDetail({
  module,
  target,
  canCheckHealth,
}: {
  module: ModuleRegistryModule;
  /** The target's last health check, when known (`GET /modules/available`). */
  target: { version: string; health: ModuleHealth } | null;
  canCheckHealth: boolean;
}) {
  const router = useRouter();
  const id = useId();
  const initial = module.versions.find((version) => version.is_current) ?? module.versions[0];
  const [shownVersion, setShownVersion] = useState(initial?.version ?? '');
  const [promoting, setPromoting] = useState<DraftRef | null>(null);
  const [rejecting, setRejecting] = useState<DraftRef | null>(null);
  const [rollingBack, setRollingBack] = useState(false);
  const shown = module.versions.find((version) => version.version === shownVersion) ?? initial;
  const current = module.versions.find((version) => version.is_current) ?? null;
  const rollbackTo = rollbackTarget(module);
  const name = shown?.name ?? module.module_key;

  return (
    <>
      <div className="space-y-2">
        <Link
          href="/modules/registry"
          className="inline-flex items-center gap-1 text-sm text-muted-foreground hover:text-foreground"
        >
          <ArrowLeft className="h-4 w-4" aria-hidden="true" />
          Registry
        </Link>
        <h2 className="text-xl font-semibold tracking-tight">{name}</h2>
        <p className="text-sm text-muted-foreground">
          <span className="font-mono">{module.module_key}</span> · current version{' '}
          <span className="font-mono">{module.current_version ?? 'none (drafts only)'}</span>
        </p>
        {target ? (
          <RegistryTargetHealth
            moduleKey={module.module_key}
            name={name}
            version={target.version}
            health={target.health}
            canCheck={canCheckHealth}
          />
        ) : null}
      </div>

      <Card>
        <CardHeader className="gap-3 sm:flex-row sm:items-start sm:justify-between sm:space-y-0">
          <div className="space-y-1.5">
            <CardTitle>
              <h3>Versions</h3>
            </CardTitle>
            <CardDescription>
              Highest first. New installations use the current version.
            </CardDescription>
          </div>
          {current && rollbackTo ? (
            <Button type="button" variant="outline" onClick={() => setRollingBack(true)}>
              <Undo2 aria-hidden="true" />
              Roll back to {rollbackTo.version}
            </Button>
          ) : null}
        </CardHeader>
        <CardContent>
          <ul className="divide-y" aria-label={`Versions of ${name}`}>
            {module.versions.map((version) => {
              const status = REGISTRY_STATUS_LABELS[version.status];
              const ref = {
                module_key: version.module_key,
                version: version.version,
                name: version.name,
              };
              return (
                <li
                  key={version.id}
                  className="flex flex-col gap-2 py-3 first:pt-0 last:pb-0 sm:flex-row sm:items-center sm:justify-between"
                >
                  <div className="min-w-0 space-y-1">
                    <p className="flex flex-wrap items-center gap-2">
                      <span className="font-mono font-medium">{version.version}</span>
                      <Badge variant={status.variant}>{status.label}</Badge>
                      {version.is_current ? <Badge>Current</Badge> : null}
                    </p>
                    <p className="flex flex-wrap gap-x-3 text-sm text-muted-foreground">
                      <VersionFacts version={version} />
                    </p>
                  </div>
                  {version.status === 'draft' ? (
                    <div className="flex shrink-0 gap-2">
                      <Button type="button" size="sm" onClick={() => setPromoting(ref)}>
                        Promote
                        <span className="sr-only"> {`${version.name} ${version.version}`}</span>
                      </Button>
                      <Button
                        type="button"
                        size="sm"
                        variant="outline"
                        onClick={() => setRejecting(ref)}
                      >
                        Reject
                        <span className="sr-only"> {`${version.name} ${version.version}`}</span>
                      </Button>
                    </div>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </CardContent>
      </Card>

      {shown ? (
        <Card>
          <CardHeader className="gap-3 sm:flex-row sm:items-start sm:justify-between sm:space-y-0">
            <div className="space-y-1.5">
              <CardTitle>
                <h3>Manifest</h3>
              </CardTitle>
              <CardDescription>
                What version {shown.version} declares, and its import report.
              </CardDescription>
            </div>
            {module.versions.length > 1 ? (
              <div className="space-y-1">
                <Label htmlFor={`${id}-version`}>Version shown</Label>
                <NativeSelect
                  id={`${id}-version`}
                  value={shown.version}
                  onChange={(event) => setShownVersion(event.target.value)}
                >
                  {module.versions.map((version) => (
                    <option key={version.id} value={version.version}>
                      {version.version} (
                      {REGISTRY_STATUS_LABELS[version.status].label.toLowerCase()})
                    </option>
                  ))}
                </NativeSelect>
              </div>
            ) : null}
          </CardHeader>
          <CardContent className="space-y-6">
            <ManifestSummary manifest={shown.manifest} />
            <AssessmentReport
              assessment={shown.assessment}
              title="Stored assessment"
              headingLevel={4}
            />
          </CardContent>
        </Card>
      ) : null}

      <PromoteDraftDialog draft={promoting} onOpenChange={(open) => !open && setPromoting(null)} />
      <RejectDraftDialog draft={rejecting} onOpenChange={(open) => !open && setRejecting(null)} />
      {current && rollbackTo ? (
        <ConfirmDialog
          open={rollingBack}
          onOpenChange={setRollingBack}
          title={`Roll ${name} back to ${rollbackTo.version}?`}
          description={`The current version moves from ${current.version} to ${rollbackTo.version}: new installations and upgrades use ${rollbackTo.version}. ${current.version} stays registered.`}
          confirmLabel="Roll back"
          request={[
            `/modules/registry/${encodeURIComponent(module.module_key)}/rollback`,
            { method: 'POST' },
          ]}
          onConfirmed={() => {
            toast.success(`${name} is back on ${rollbackTo.version}.`);
            router.refresh();
          }}
        />
      ) : null}
    </>
  );
}

'use client';

import { useState } from 'react';
import { HeartPulse, Loader2, RefreshCw } from 'lucide-react';
import { Button } from '@aiconnected/ui';
import type { ModuleHealth, ModuleHealthCheck } from '@aiconnected/sdk-contracts';
import { ModuleHealthBadge } from '../modules/module-health-badge';
import { healthCheckText } from '../modules/module-labels';
import { FormError } from '../form-alerts';
import { useApiAction } from '../use-api-action';

/**
 * The last health check of a module's target (the version the active workspace uses, else the
 * current one, as `GET /modules/available` reports it) and, with `modules.enable`, "Check now"
 * (`POST /modules/{key}/health-check`, recorded like any check).
 */
export function RegistryTargetHealth({
  moduleKey,
  name,
  version,
  health: initial,
  canCheck,
}: {
  moduleKey: string;
  /** The module's name (the button's accessible name ends with it). */
  name: string;
  version: string;
  health: ModuleHealth;
  canCheck: boolean;
}) {
  const [health, setHealth] = useState(initial);
  const [checkedVersion, setCheckedVersion] = useState(version);
  const { pending, error, run } = useApiAction();

  async function check() {
    const result = await run<ModuleHealthCheck>(
      `/modules/${encodeURIComponent(moduleKey)}/health-check`,
      { method: 'POST', body: {} },
    );
    if (!result.ok) return;
    setHealth(result.data.health);
    setCheckedVersion(result.data.version);
  }

  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2 text-sm">
        <HeartPulse className="h-4 w-4 text-muted-foreground" aria-hidden="true" />
        <span>
          Target of <span className="font-mono">{checkedVersion}</span>
        </span>
        <ModuleHealthBadge status={health.status} />
        <span className="text-muted-foreground" aria-live="polite">
          {pending ? 'Checking its service…' : healthCheckText(health)}
        </span>
        {canCheck ? (
          <Button
            type="button"
            size="sm"
            variant="outline"
            onClick={() => void check()}
            disabled={pending}
            aria-busy={pending}
          >
            {pending ? (
              <Loader2 className="animate-spin" aria-hidden="true" />
            ) : (
              <RefreshCw aria-hidden="true" />
            )}
            Check now<span className="sr-only"> {name}</span>
          </Button>
        ) : null}
      </div>
      <FormError message={error} />
    </div>
  );
}

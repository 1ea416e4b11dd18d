import { Blocks, CircleCheck, CircleX } from 'lucide-react';
import { Button, EmptyState } from '@aiconnected/ui';
import Link from 'next/link';
import { registryModuleHref } from '../modules-registry/registry-labels';

/** One registered module's `engines.shell` range against the shell's SDK contract version. */
export interface ModuleCompatibility {
  module_key: string;
  name: string;
  version: string;
  range: string;
  compatible: boolean;
}

/**
 * Whether each registered module (its current version) works with this shell: its
 * `engines.shell` range against the shell's SDK contract version (`GET /sdk/compatibility`).
 * Each row names the module, its version and its key (names may repeat; keys do not); the
 * name is isolated (`<bdi>`) so a right-to-left name cannot reorder the version after it.
 */
export function CompatibilityList({
  shellVersion,
  modules,
}: {
  shellVersion: string;
  modules: ModuleCompatibility[];
}) {
  return (
    <div className="space-y-3">
      <p className="text-sm">
        Shell SDK contract version <span className="font-mono font-medium">{shellVersion}</span>
      </p>
      {modules.length === 0 ? (
        <EmptyState
          icon={Blocks}
          title="No registered modules to check"
          description="Import one in the registry: its engines.shell range is checked against this shell."
          action={
            <Button asChild variant="outline">
              <Link href="/modules/registry">Open the registry</Link>
            </Button>
          }
        />
      ) : (
        <ul className="divide-y rounded-md border" aria-label="Compatibility of registered modules">
          {modules.map((module) => (
            <li
              key={module.module_key}
              className="flex flex-col gap-1 p-3 sm:flex-row sm:items-center sm:justify-between"
            >
              <p className="min-w-0 space-x-2">
                <Link
                  href={registryModuleHref(module.module_key)}
                  className="font-medium underline-offset-4 hover:text-primary hover:underline"
                >
                  <bdi>{module.name}</bdi>{' '}
                  <span className="font-mono text-sm">{module.version}</span>
                </Link>
                <span className="break-all font-mono text-sm text-muted-foreground">
                  {module.module_key}
                </span>
              </p>
              <p className="flex flex-wrap items-center gap-2 text-sm">
                <span className="text-muted-foreground">engines.shell</span>
                <code className="font-mono text-xs">{module.range}</code>
                {module.compatible ? (
                  <span className="inline-flex items-center gap-1 font-medium">
                    <CircleCheck className="h-4 w-4 text-primary" aria-hidden="true" />
                    Compatible
                  </span>
                ) : (
                  <span className="inline-flex items-center gap-1 font-medium text-destructive">
                    <CircleX className="h-4 w-4" aria-hidden="true" />
                    Not compatible
                  </span>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

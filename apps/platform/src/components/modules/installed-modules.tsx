import Link from 'next/link';
import { Blocks } from 'lucide-react';
import { Button, EmptyState } from '@aiconnected/ui';
import type { ModuleAbilities } from './module-actions';
import type { ModuleAvailability } from '@aiconnected/sdk-contracts';
import { ModuleCard } from './module-card';

/**
 * The Installed tab's body for the picked workspace: every registered module with its state
 * there. Module-absent mode (an empty registry): says no modules are available yet and what
 * to do (super: the registry; others: ask the platform operator). Registered but none
 * installed here: says so above the list.
 */
export function InstalledModules({
  workspaceName,
  workspaceId,
  items,
  abilities,
  canImport,
}: {
  workspaceName: string;
  workspaceId: string;
  items: ModuleAvailability[];
  abilities: ModuleAbilities;
  /** The visitor may open the registry (super with modules.install): link to it. */
  canImport: boolean;
}) {
  if (items.length === 0) {
    return (
      <EmptyState
        icon={Blocks}
        headingLevel={2}
        title="No modules are available yet"
        description={
          <>
            Modules add features to workspaces: a module becomes available here once the platform
            operator imports it into the registry.{' '}
            {canImport
              ? 'Import one in the registry: a manifest file, pasted JSON or a URL.'
              : 'Ask your platform operator to add the modules you need.'}
          </>
        }
        action={
          canImport ? (
            <Button asChild>
              <Link href="/modules/registry">Open the registry</Link>
            </Button>
          ) : null
        }
      />
    );
  }

  const installed = items.filter((item) =>
    ['installed', 'enabled', 'disabled'].includes(item.state),
  ).length;
  return (
    <section className="space-y-4" aria-labelledby="modules-list-heading">
      <div className="space-y-1">
        <h2 id="modules-list-heading" className="text-lg font-semibold tracking-tight">
          Modules in {workspaceName}
        </h2>
        <p className="text-sm text-muted-foreground">
          {installed === 0
            ? `No modules are installed in ${workspaceName} yet. ${
                abilities.install
                  ? 'Install one below; it stays off until you enable it.'
                  : 'Ask an administrator who may install modules here.'
              }`
            : `${installed} of ${items.length} installed here.`}
        </p>
      </div>
      <ul className="space-y-4">
        {items.map((item) => (
          <ModuleCard
            key={`${workspaceId}:${item.module_key}`}
            item={item}
            workspaceId={workspaceId}
            abilities={abilities}
          />
        ))}
      </ul>
    </section>
  );
}

import type { Metadata } from 'next';
import type { ModulePolicy } from '@aiconnected/sdk-contracts';
import { Forbidden } from '@/components/forbidden';
import { InstalledModules } from '@/components/modules/installed-modules';
import { ModulePolicySwitch } from '@/components/modules/module-policy-switch';
import { canOpen } from '@/lib/access';
import { requirePageAccess } from '@/lib/guard';
import { loadAvailableModules } from '@/lib/module-availability';
import { readForPage } from '@/lib/page-errors';
import { apiFetch } from '@/lib/server-api';
import { readWorkspaceScope } from '@/lib/workspace-scope';

export const metadata: Metadata = { title: 'Modules' };

/**
 * `/modules` (Installed): the registered modules in the picked workspace (`?workspace=`: the
 * active one, or for an agency one of its businesses) with their state, health and the
 * actions the visitor's capabilities allow; for an agency, its "Businesses may manage their
 * modules" policy switch first. A business whose agency keeps that policy off sees its modules without
 * actions, and why.
 */
export default async function ModulesPage({
  searchParams,
}: {
  searchParams: Record<string, string | string[] | undefined>;
}) {
  const access = await requirePageAccess('/modules');
  if (!access.allowed) return <Forbidden backHref={access.session.destination} />;
  const { selected } = await readWorkspaceScope(access.context.workspace_id, searchParams);
  if (selected === null) return <Forbidden backHref={access.session.destination} />;
  const read = await readForPage(async () => {
    const available = await loadAvailableModules(selected.id);
    // The super workspace has no agency, so no policy.
    const policy =
      selected.type === 'super'
        ? null
        : await apiFetch<ModulePolicy>(
            `/modules/policy?workspace_id=${encodeURIComponent(selected.id)}`,
          );
    return { available, policy };
  });
  if (read.denied) return <Forbidden backHref={access.session.destination} />;
  const { available, policy } = read.data;
  const has = (capability: string) => access.subject.permissions.includes(capability);
  // A business's own admins and managers act on its modules only when its agency allows it.
  const boundByPolicy =
    selected.type === 'business' && selected.active && policy?.businesses_may_manage !== true;
  const abilities = boundByPolicy
    ? { install: false, enable: false, disable: false }
    : {
        install: has('modules.install'),
        enable: has('modules.enable'),
        disable: has('modules.disable'),
      };

  return (
    <>
      {selected.type === 'agency' && policy !== null ? (
        <ModulePolicySwitch policy={policy} editable={has('modules.install')} />
      ) : null}
      {boundByPolicy && available.items.length > 0 ? (
        <p className="rounded-lg border p-4 text-sm text-muted-foreground">
          Your agency manages this workspace’s modules. To install or switch one, ask your agency,
          or ask them to let businesses manage their own modules.
        </p>
      ) : null}
      <InstalledModules
        workspaceName={selected.name}
        workspaceId={selected.id}
        items={available.items}
        abilities={abilities}
        canImport={canOpen(access.subject, '/modules/registry')}
      />
    </>
  );
}

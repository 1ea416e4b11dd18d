import type { Metadata } from 'next';
import Link from 'next/link';
import { Button } from '@aiconnected/ui';
import { Forbidden } from '@/components/forbidden';
import { ModuleHost } from '@/components/module-host/module-host';
import { ModulePageNotice } from '@/components/modules/module-page-notice';
import { SwitchWorkspaceButton } from '@/components/modules/switch-workspace-button';
import { canOpen } from '@/lib/access';
import { activeWorkspaceName } from '@/lib/active-workspace-name';
import { loadWorkspace } from '@/lib/active-workspace';
import { activeOption, requireAppSession } from '@/lib/guard';
import { readModulePage } from '@/lib/module-page';
import { readModuleRuntime } from '@/lib/module-runtime';
import { currentRequestPath } from '@/lib/request-path';

interface ModulePageProps {
  params: { workspace: string; module: string; path?: string[] };
}

/** The path below the module's mount point, as the browser sent it (segments re-encoded). */
const pathOf = (params: ModulePageProps['params']) =>
  `/${(params.path ?? []).map(encodeURIComponent).join('/')}`;

export async function generateMetadata({ params }: ModulePageProps): Promise<Metadata> {
  const outcome = await readModulePage(params.workspace, params.module, pathOf(params));
  return {
    title: outcome.ok ? `${outcome.resolution.page.title} · ${outcome.resolution.name}` : 'Module',
  };
}

/**
 * `/w/{workspace}/m/{module}/…`: an enabled module's admin page in the active workspace. The
 * API (`GET /modules/{key}/page`) decides what the path opens; the web server asked it too
 * and set the status of a refusal (404 / 403, see prepare-page-request.ts). Shown: another
 * workspace -> an offer to switch (WORKSPACE_FORBIDDEN when the visitor cannot see it); not
 * registered, not enabled, no such page -> a notice with its stable code; a page the role does
 * not include -> Forbidden; else the page's title and the module's own interface
 * (ModuleHost: the runtime config, the sandboxed frame and its bridge, with its own progress,
 * refusal and retry states). The web server allowed the module's origin in this page's
 * `frame-src` (prepare-page-request.ts).
 */
export default async function ModulePage({ params }: ModulePageProps) {
  const { session, context, subject } = await requireAppSession();
  const back = session.destination;
  const outcome = await readModulePage(params.workspace, params.module, pathOf(params));
  const workspaceName = await activeWorkspaceName(session, context.workspace_id);

  if (
    !outcome.ok &&
    (outcome.code === 'WORKSPACE_FORBIDDEN' ||
      (outcome.code === 'VALIDATION_BLOCKING' && params.workspace !== context.workspace_id))
  ) {
    return (
      <ModulePageNotice
        icon="denied"
        title="You don’t have access to this workspace"
        code="WORKSPACE_FORBIDDEN"
        backHref={back}
      >
        <p>
          This module page belongs to a workspace you cannot open. Check the link, or ask an
          administrator of that workspace for access.
        </p>
      </ModulePageNotice>
    );
  }

  if (params.workspace !== context.workspace_id) {
    const target = await loadWorkspace(params.workspace);
    const impersonating = session.impersonation.active;
    return (
      <ModulePageNotice
        icon="module"
        title={`This page is in ${target.name}`}
        code={null}
        backHref={back}
        action={
          impersonating ? null : (
            <SwitchWorkspaceButton
              workspaceId={target.id}
              workspaceName={target.name}
              next={currentRequestPath()}
            />
          )
        }
      >
        <p>
          You are working in {workspaceName}. Module pages open in the workspace they belong to.
          {impersonating
            ? ' Stop impersonating first to switch workspaces.'
            : ` Switch to ${target.name} to open it.`}
        </p>
      </ModulePageNotice>
    );
  }

  if (outcome.ok) {
    const { resolution } = outcome;
    const workspaceType =
      activeOption(session)?.type ?? (await loadWorkspace(context.workspace_id)).type;
    const runtime = await readModuleRuntime({
      workspaceId: context.workspace_id,
      moduleKey: resolution.module_key,
      path: pathOf(params),
    });
    return (
      <section className="space-y-6" aria-labelledby="module-page-title">
        <div className="space-y-1">
          {resolution.name === resolution.page.title ? null : (
            <p className="text-sm text-muted-foreground">{resolution.name}</p>
          )}
          <h1 id="module-page-title" className="text-2xl font-semibold tracking-tight">
            {resolution.page.title}
          </h1>
        </div>
        <ModuleHost
          moduleKey={resolution.module_key}
          moduleName={resolution.name}
          initial={runtime}
          path={pathOf(params)}
          user={{ id: session.user.id, display_name: session.user.display_name }}
          workspace={{ id: context.workspace_id, name: workspaceName, type: workspaceType }}
        />
      </section>
    );
  }

  switch (outcome.code) {
    case 'MODULE_NOT_REGISTERED':
      return (
        <ModulePageNotice
          icon="missing"
          title="This module is not available"
          code="MODULE_NOT_REGISTERED"
          backHref={back}
        >
          <p>
            No module named <span className="font-mono text-foreground">{params.module}</span> is
            registered on this platform. The link may be old, or the module was never added.
          </p>
        </ModulePageNotice>
      );
    case 'MODULE_NOT_ENABLED': {
      const state = outcome.details.state;
      const mayEnable =
        canOpen(subject, '/modules') && subject.permissions.includes('modules.enable');
      return (
        <ModulePageNotice
          icon="off"
          title="This module is not enabled here"
          code="MODULE_NOT_ENABLED"
          backHref={back}
          action={
            mayEnable ? (
              <Button asChild>
                <Link href="/modules">Open Modules</Link>
              </Button>
            ) : null
          }
        >
          <p>
            <span className="font-mono text-foreground">{params.module}</span>{' '}
            {state === 'installed' || state === 'disabled'
              ? `is installed in ${workspaceName} but switched off.`
              : `is not installed in ${workspaceName}.`}
          </p>
          <p>
            {mayEnable
              ? `You can ${state === 'installed' || state === 'disabled' ? 'enable' : 'install and enable'} it under Modules.`
              : `An administrator or manager of ${workspaceName}, or of its agency, can enable it under Modules.`}
          </p>
        </ModulePageNotice>
      );
    }
    case 'PERMISSION_DENIED':
      return <Forbidden backHref={back} workspaceName={workspaceName} />;
    case 'BILLING_SUSPENDED':
    case 'BILLING_REQUIRED':
      return (
        <ModulePageNotice
          icon="off"
          title="This module is blocked by billing"
          code={outcome.code}
          backHref={back}
        >
          <p>
            <span className="font-mono text-foreground">{params.module}</span> is a paid module.{' '}
            {outcome.code === 'BILLING_SUSPENDED'
              ? `Billing for ${workspaceName} is suspended, so it cannot be used until billing is active again.`
              : `${workspaceName} has no active subscription, so it cannot be used.`}
          </p>
          <p>An administrator of {workspaceName}, or of its agency, can sort out billing.</p>
        </ModulePageNotice>
      );
    default:
      return (
        <ModulePageNotice
          icon="missing"
          title="This page does not exist"
          code="NOT_FOUND"
          backHref={back}
        >
          <p>
            The module <span className="font-mono text-foreground">{params.module}</span> has no
            page at this address. Use the links in the navigation to open its pages.
          </p>
        </ModulePageNotice>
      );
  }
}

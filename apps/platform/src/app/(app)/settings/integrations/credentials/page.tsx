import type { Metadata } from 'next';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@aiconnected/ui';
import type {
  CredentialPolicy,
  CredentialPolicyHistory,
  ProviderList,
  WorkspaceUserPage,
} from '@aiconnected/sdk-contracts';
import { Forbidden } from '@/components/forbidden';
import { CredentialPolicyEditor } from '@/components/integrations/credential-policy-editor';
import { PolicyHistoryTable } from '@/components/integrations/policy-history-table';
import { ProviderPicker } from '@/components/integrations/provider-picker';
import { TestResolution } from '@/components/integrations/test-resolution';
import { personName } from '@/components/labels';
import { openIntegrationsPage, providerListPath } from '@/lib/integrations-scope';
import { readForPage } from '@/lib/page-errors';
import { apiFetch } from '@/lib/server-api';

export const metadata: Metadata = { title: 'Credential policies · Integrations' };

const PATH = '/settings/integrations/credentials';
const HISTORY_PAGE = 20;

/**
 * `/settings/integrations/credentials`: the picked workspace's credential policy for one
 * provider (`?provider=`, default the first): the editor with its live sentence, Test
 * resolution, and the policy's versions. The fallback switches are editable from the parent
 * workspace (an agency for its businesses, the platform for agencies).
 */
export default async function CredentialPoliciesPage({
  searchParams,
}: {
  searchParams: Record<string, string | string[] | undefined>;
}) {
  const page = await openIntegrationsPage(PATH, searchParams);
  if (!page.allowed) return <Forbidden backHref={page.backHref} />;
  const { access, scope } = page;
  const workspaceId = scope.workspace.id;
  const providers = await readForPage(() => apiFetch<ProviderList>(providerListPath(workspaceId)));
  if (providers.denied) return <Forbidden backHref={access.session.destination} />;
  const items = providers.data.items;
  const asked = typeof searchParams.provider === 'string' ? searchParams.provider : undefined;
  const provider = items.find((item) => item.provider_key === asked) ?? items[0];

  if (provider === undefined) {
    return (
      <p className="text-sm text-muted-foreground" role="status">
        No provider is set up on this platform yet, so there is no credential to set a policy for.
        Once a platform administrator adds one, its policy for {scope.workspace.name} is set here.
      </p>
    );
  }

  const query = new URLSearchParams({
    workspace_id: workspaceId,
    provider_key: provider.provider_key,
  }).toString();
  const read = await readForPage(async () => {
    const [policy, history] = await Promise.all([
      apiFetch<CredentialPolicy>(`/credentials/policies?${query}`),
      apiFetch<CredentialPolicyHistory>(
        `/credentials/policies/history?${query}&limit=${HISTORY_PAGE}`,
      ),
    ]);
    return { policy, history };
  });
  if (read.denied) return <Forbidden backHref={access.session.destination} />;
  const { policy, history } = read.data;
  const you = access.session.user;
  // Who saved a version: a member of the workspace or of the visitor's own (the parent, for
  // the switches); a list the visitor may not read is left out (the table then shows an id).
  const members = await Promise.all(
    [...new Set([workspaceId, access.context.workspace_id])].map((id) =>
      apiFetch<WorkspaceUserPage>(`/users?workspace_id=${encodeURIComponent(id)}`).catch(() => ({
        items: [],
      })),
    ),
  );
  const personNames = Object.fromEntries([
    ...members.flatMap((page) => page.items.map((user) => [user.id, personName(user)] as const)),
    [you.id, `${personName(you)} (you)`] as const,
  ]);

  return (
    <>
      <ProviderPicker
        action={PATH}
        providers={items.map((item) => ({ key: item.provider_key, name: item.display_name }))}
        selected={provider.provider_key}
        workspace={scope.workspace.active ? null : workspaceId}
      />
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>
              {provider.display_name} credentials of {scope.workspace.name}
            </h2>
          </CardTitle>
          <CardDescription>
            Where a module of this workspace gets its {provider.display_name} credential: its own
            connection, or a parent’s when the policy allows it.
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-8">
          <CredentialPolicyEditor
            policy={policy}
            workspaceType={scope.workspace.type}
            providerName={provider.display_name}
            availableScopes={provider.available_scopes}
            switchesEditable={!scope.workspace.active}
          />
          <div className="space-y-2 border-t pt-6">
            <h3 className="font-medium">Try it</h3>
            <p className="max-w-prose text-sm text-muted-foreground">
              Resolves the credential as a module would, with the saved policy, and says where it
              came from. Recorded in the resolution log; the secret is never shown.
            </p>
            <TestResolution
              workspaceId={workspaceId}
              providerKey={provider.provider_key}
              workspaceNames={scope.names}
            />
          </div>
        </CardContent>
      </Card>
      <section className="space-y-3" aria-labelledby="policy-history-heading">
        <h2 id="policy-history-heading" className="text-lg font-semibold tracking-tight">
          History
        </h2>
        <PolicyHistoryTable
          firstPage={history}
          query={`${query}&limit=${HISTORY_PAGE}`}
          personNames={personNames}
        />
      </section>
    </>
  );
}

import type { Metadata } from 'next';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@aiconnected/ui';
import type { ThemeState, ThemeVersionPage } from '@aiconnected/sdk-contracts';
import { Forbidden } from '@/components/forbidden';
import { ThemeEditor } from '@/components/theme/theme-editor';
import { ThemeVersions } from '@/components/theme/theme-versions';
import { readWorkspaceScope } from '@/lib/workspace-scope';
import { requirePageAccess } from '@/lib/guard';
import { readForPage } from '@/lib/page-errors';
import { apiFetch } from '@/lib/server-api';

export const metadata: Metadata = { title: 'Theme' };

/** `/branding/theme`: the theme editor of the picked workspace and its version history. */
export default async function ThemePage({
  searchParams,
}: {
  searchParams: Record<string, string | string[] | undefined>;
}) {
  const access = await requirePageAccess('/branding/theme');
  if (!access.allowed) return <Forbidden backHref={access.session.destination} />;
  const { selected } = await readWorkspaceScope(access.context.workspace_id, searchParams);
  if (selected === null) return <Forbidden backHref={access.session.destination} />;
  const id = encodeURIComponent(selected.id);
  const read = await readForPage(() =>
    Promise.all([
      apiFetch<ThemeState>(`/themes/current?workspace_id=${id}`),
      apiFetch<ThemeVersionPage>(`/themes/versions?workspace_id=${id}&limit=20`),
    ]),
  );
  if (read.denied) return <Forbidden backHref={access.session.destination} />;
  const [state, versions] = read.data;

  return (
    <>
      <ThemeEditor
        // A new workspace or a new saved version starts a fresh draft.
        key={`${selected.id}:${state.version ?? 0}`}
        state={state}
        workspaceType={selected.type}
        fileName={`${selected.name.replace(/[^A-Za-z0-9-]+/g, '-').toLowerCase() || 'theme'}-theme.css`}
      />
      <Card>
        <CardHeader>
          <CardTitle>
            <h2>Version history</h2>
          </CardTitle>
          <CardDescription>Every save is a version. Rolling back saves a new one.</CardDescription>
        </CardHeader>
        <CardContent>
          <ThemeVersions
            key={`${selected.id}:${state.version ?? 0}`}
            workspaceId={selected.id}
            firstPage={versions}
            currentVersion={state.version}
            canEdit={state.can_edit}
          />
        </CardContent>
      </Card>
    </>
  );
}
